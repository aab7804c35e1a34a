namespace Kagi.Frontend.Mediation;

/// <summary>Problems found in a request, by field (camelCase, as in the JSON body).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void Required(string field, string? value, int maximumLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }
        else if (value.Length > maximumLength)
        {
            Add(field, $"must be at most {maximumLength} characters.");
        }
    }

    /// <summary>Ids of accounts, targets and users: letters, digits and <c>._-@</c>, no '/'.</summary>
    public void Identifier(string field, string? value)
    {
        if (!Identifiers.IsValid(value))
        {
            Add(field, $"must be {Identifiers.Rule}.");
        }
    }

    public void Password(string field, string? value)
    {
        if (value is null || value.Length < MinimumPasswordLength)
        {
            Add(field, $"must be at least {MinimumPasswordLength} characters.");
        }
        else if (value.Length > MaximumPasswordLength)
        {
            Add(field, $"must be at most {MaximumPasswordLength} characters.");
        }
    }

    /// <summary>A user's profile fields: a bare mail address (empty clears it), a supported locale, group identifiers, an IANA time zone.</summary>
    public void Profile(string? email, string? locale, System.Collections.Immutable.ImmutableArray<string>? groups, string? timeZone = null)
    {
        if (timeZone is not null && !Kagi.Identity.UserTimeZones.IsValid(timeZone))
        {
            Add("timeZone", $"must be {Kagi.Identity.UserTimeZones.Rule}.");
        }

        if (!string.IsNullOrEmpty(email) && !Kagi.Identity.EmailAddresses.IsValid(email))
        {
            Add("email", "must be a mail address (name@domain).");
        }

        if (locale is not null && !Kagi.Identity.UserLocales.IsSupported(locale))
        {
            Add("locale", $"must be one of: {string.Join(", ", Kagi.Identity.UserLocales.All)}.");
        }

        if (groups is { } names && (names.IsDefault || names.Any(name => !Identifiers.IsValid(name))))
        {
            Add("groups", $"each must be {Identifiers.Rule}.");
        }
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 128;
}
