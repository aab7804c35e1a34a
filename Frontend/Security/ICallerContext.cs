namespace Kagi.Frontend.Security;

/// <summary>Who sent the current HTTP request, as established by authentication.</summary>
public interface ICallerContext
{
    /// <summary>The signed-in tenant user, or null.</summary>
    Caller? Caller { get; }

    bool IsOperator { get; }

    string? IpAddress { get; }

    /// <summary>The signed-in user; handlers run after the authorization behavior, so it is there.</summary>
    Caller Required => Caller ?? throw new InvalidOperationException("No signed-in caller; the authorization behavior should have refused the request.");
}
