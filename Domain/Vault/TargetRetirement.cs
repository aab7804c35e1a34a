using Kagi.Errors;

namespace Kagi.Domain.Vault;

/// <summary>A target leaves Kagi only once no account on it is managed any more: its admin credential is what
/// rotates them, so removing it first would leave accounts Kagi can neither rotate nor check.</summary>
public static class TargetRetirement
{
    private const int Named = 10;

    public static void EnsureNoAccounts(string targetId, IReadOnlyCollection<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count == 0)
        {
            return;
        }

        var named = string.Join(", ", accountIds.Order(StringComparer.Ordinal).Take(Named));
        throw new KagiException(ProblemCode.InvalidState,
            $"Target '{targetId}' still has {accountIds.Count} managed account(s) ({named}{(accountIds.Count > Named ? ", …" : "")}); delete them first.");
    }
}
