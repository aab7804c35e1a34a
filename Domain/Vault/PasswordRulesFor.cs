using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// The rules a generated password follows: the account's, tightened by the target's own — longer
/// where the target needs it, never longer than it allows, every class it requires, none of the
/// characters it refuses.
/// </summary>
public static class PasswordRulesFor
{
    public static PasswordRules Combine(PasswordRules account, TargetPasswordRules? target)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (target is null)
        {
            return account;
        }

        var length = Math.Max(account.Length, target.MinimumLength);
        if (target.MaximumLength is { } maximum)
        {
            length = Math.Min(length, maximum);
        }

        return new PasswordRules
        {
            Length = length,
            Uppercase = account.Uppercase || target.RequireUppercase,
            Lowercase = account.Lowercase || target.RequireLowercase,
            Digits = account.Digits || target.RequireDigits,
            Symbols = account.Symbols || target.RequireSymbols,
            ExcludedCharacters = string.Concat(account.ExcludedCharacters.Union(target.ExcludedCharacters)),
        };
    }

    /// <summary>Why a target's rules can never be met, or leave an account with the default rules
    /// passwords below <see cref="PasswordEntropy.MinimumBits"/> bits, or null.</summary>
    public static string? Problem(TargetPasswordRules target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.MinimumLength < 0 || target.MaximumLength is < 1 || target.MaximumLength < target.MinimumLength)
        {
            return "The target's password length limits are contradictory.";
        }

        return PasswordGenerator.Problem(Combine(PasswordRules.Default with { Length = Math.Max(target.MinimumLength, 8) }, target))
            ?? PasswordEntropy.Of(Combine(PasswordRules.Default, target)).Problem("passwordRules");
    }
}
