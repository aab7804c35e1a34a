namespace Kagi.Tests.Infrastructure;

/// <summary>
/// The suites sign in and export far faster than any person, so the Frontends they start lift the
/// <c>KAGI_RATE_LIMIT_*</c> counts; <c>RateLimitHttpTests</c> lowers them on a Frontend of its own.
/// </summary>
public static class TestRateLimits
{
    public static void Lift(IDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var limit in new[] { "SIGNIN_PER_SOURCE", "SIGNIN_PER_TENANT", "BAD_TOKENS_PER_SOURCE", "EXPORTS_PER_SOURCE", "EXPORTS_PER_TENANT" })
        {
            environment["KAGI_RATE_LIMIT_" + limit] = "1000000";
        }
    }
}
