using Kagi.Identity;

namespace Kagi.Frontend.Security;

/// <summary>Who sent the current HTTP request, as established by authentication.</summary>
public interface ICallerContext
{
    /// <summary>The signed-in tenant user, or null.</summary>
    Caller? Caller { get; }

    bool IsOperator { get; }

    /// <summary>The client's address (X-Forwarded-For honoured only from trusted proxies).</summary>
    string? IpAddress { get; }

    string? UserAgent { get; }

    /// <summary>The session grain key of the token used, or null.</summary>
    string? SessionKey { get; }

    /// <summary>Whether the caller used an API token rather than a signed-in session.</summary>
    bool IsApiToken { get; }

    SessionRestriction Restriction { get; }

    /// <summary>The signed-in user; handlers run after the authorization behavior, so it is there.</summary>
    Caller Required => Caller ?? throw new InvalidOperationException("No signed-in caller; the authorization behavior should have refused the request.");
}
