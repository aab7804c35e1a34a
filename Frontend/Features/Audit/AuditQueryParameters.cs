using Kagi.Audit;
using Kagi.Frontend.Mediation;

namespace Kagi.Frontend.Features.Audit;

/// <summary>The filter query string shared by reading and exporting the log:
/// <c>from=&amp;to=&amp;kind=&amp;actor=&amp;accountId=&amp;requestId=&amp;result=</c>.</summary>
public sealed record AuditQueryParameters(
    DateTimeOffset? From, DateTimeOffset? To, string? Kind, string? Actor, string? AccountId, string? RequestId, string? Result)
{
    /// <summary>Names and ids are filtered in their canonical form, as the records hold them.</summary>
    public AuditFilter ToFilter() => new(From, To, Kind, Identifiers.Fold(Actor), Identifiers.Fold(AccountId), Identifiers.Fold(RequestId), Result);

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (From is { } from && To is { } to && from >= to)
        {
            errors.Add("to", "must be later than 'from'.");
        }

        if (Result is not (null or AuditResults.Success or AuditResults.Failure or AuditResults.Intent))
        {
            errors.Add("result", $"must be {AuditResults.Success}, {AuditResults.Failure} or {AuditResults.Intent}.");
        }

        foreach (var (field, value) in new[] { ("kind", Kind), ("actor", Actor), ("accountId", AccountId), ("requestId", RequestId) })
        {
            if (value is { Length: 0 or > 200 })
            {
                errors.Add(field, "must be 1-200 characters.");
            }
        }
    }
}
