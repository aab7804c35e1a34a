using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>
/// A one-time (just-in-time) account template on a target: each approved check-out creates
/// <c>{Prefix}_{random suffix}</c> with a random password and <see cref="Grants"/>, hands it out, and
/// removes or disables it when the lease ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.OneTimeTemplate")]
public sealed record OneTimeTemplate(
    [property: Id(0)] string TargetId,
    [property: Id(1)] string Prefix,
    [property: Id(2)] ImmutableArray<string> Grants,
    [property: Id(3)] OneTimeEndAction EndAction);
