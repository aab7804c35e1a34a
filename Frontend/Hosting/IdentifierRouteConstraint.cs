namespace Kagi.Frontend.Hosting;

/// <summary><c>{id:id}</c>: a value whose canonical form is an identifier (<see cref="Identifiers.Rule"/>);
/// <c>eve%23x</c> or a trailing newline cannot name anything.</summary>
public sealed class IdentifierRouteConstraint() : CanonicalRouteConstraint(Identifiers.Canonicalize)
{
    public const string Name = "id";
}
