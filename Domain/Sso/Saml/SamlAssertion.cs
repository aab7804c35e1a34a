using System.Collections.Immutable;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// What a validated response says: who signed in (<see cref="NameId"/>, read whole), their attributes, and
/// what the replay cache needs: the <see cref="AssertionId"/> and until when it could be used again
/// (<see cref="NotOnOrAfter"/>, the earlier of the Conditions' and the bearer confirmation's end).
/// </summary>
public sealed record SamlAssertion(
    string AssertionId,
    string NameId,
    string? NameIdFormat,
    ImmutableDictionary<string, ImmutableArray<string>> Attributes,
    DateTimeOffset NotOnOrAfter,
    string? SessionIndex);
