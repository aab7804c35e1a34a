using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Requests;

namespace Kagi.Frontend.Features.Requests;

/// <summary>One account in a request body, with its own window.</summary>
public sealed record RequestItemBody([property: Identifier] string AccountId, DateTimeOffset From, DateTimeOffset Until);

/// <summary>Format checks shared by the request bodies; the workflow's own rules are checked by the request grain.</summary>
public static class RequestBodyRules
{
    public static void Items(ValidationErrors errors, ImmutableArray<RequestItemBody> items)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (items.Length > 20)
        {
            errors.Add("accounts", "at most 20 accounts per request.");
        }

        for (var i = 0; i < items.Length; i++)
        {
            errors.Identifier($"accounts[{i}].accountId", items[i].AccountId);
            if (items[i].Until <= items[i].From)
            {
                errors.Add($"accounts[{i}].until", "must be later than 'from'.");
            }
        }
    }

    public static void Text(ValidationErrors errors, string field, string? value, int maximum)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is { } text && text.Length > maximum)
        {
            errors.Add(field, $"must be at most {maximum} characters.");
        }
    }

    public static ImmutableArray<RequestItem> ToItems(ImmutableArray<RequestItemBody> items) =>
        [.. items.Select(i => new RequestItem(i.AccountId, i.From, i.Until))];
}
