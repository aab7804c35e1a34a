namespace Kagi.Vault;

/// <summary>The one answer allowed to carry a password in clear; null when the account's policy
/// does not let the password be shown.</summary>
[GenerateSerializer, Immutable, Alias("kagi.CheckoutGrant")]
public sealed record CheckoutGrant(
    [property: Id(0)] string Username,
    [property: Id(1)] string? Password,
    [property: Id(2)] DateTimeOffset LeaseUntil)
{
    public override string ToString() => $"CheckoutGrant {{ Username = {Username}, LeaseUntil = {LeaseUntil:O} }}";
}
