namespace Kagi.Connectors;

/// <summary>What <see cref="IOneTimeAccounts.RemoveAccountAsync"/> did.</summary>
public enum AccountRemoval
{
    /// <summary>The account existed and is gone.</summary>
    Removed,

    /// <summary>There was no such account (already removed).</summary>
    AlreadyAbsent,

    /// <summary>The target could not remove it (e.g. a PostgreSQL role that still owns objects), so it can no
    /// longer log in and has no password; someone has to remove it by hand.</summary>
    Disabled,
}
