using System.Collections.Immutable;
using Kagi.Sso;

namespace Kagi.Domain.Sso;

/// <summary>
/// "SSO only": password sign-in is refused for everyone but the named break-glass accounts, which keep their
/// password and second factor for the day the identity provider is down. It may only be switched on while a provider
/// exists and at least one break-glass account is named, so a tenant cannot shut every door at once.
/// </summary>
public static class SsoOnlyRules
{
    public static string? Problem(bool ssoOnly, ImmutableArray<string> breakGlass, SsoSettingsState stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var names = breakGlass.IsDefault ? [] : breakGlass;
        return names switch
        {
            _ when names.Length > SsoLimits.MaximumBreakGlass => $"Name at most {SsoLimits.MaximumBreakGlass} break-glass accounts.",
            _ when names.FirstOrDefault(n => !Identifiers.IsValid(n)) is { } bad => $"Break-glass account '{bad}' must be a lowercase username.",
            _ when ssoOnly && stored.Providers.IsEmpty => "Add an identity provider before turning on \"SSO only\".",
            _ when ssoOnly && names.IsEmpty => "Name at least one break-glass account before turning on \"SSO only\": it keeps its password for when the identity provider is down.",
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="username"/> may sign in with a password.</summary>
    public static bool PasswordAllowed(SsoSettingsState settings, string username)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return !settings.SsoOnly || settings.BreakGlass.Contains(username, StringComparer.Ordinal);
    }
}
