namespace Kagi.Domain.Import;

/// <summary>What an import job's items are. Both kinds share the job's table, cursor, pacing and results; only how one
/// item is brought under management differs.</summary>
public static class ImportJobKind
{
    /// <summary>Lines of a CSV file, each with the account's current password, which the vault verifies.</summary>
    public const string File = "file";

    /// <summary>Accounts found by discovery on a target: Kagi sets a fresh password on each with the target's admin
    /// credential, then registers it.</summary>
    public const string Adoption = "adoption";
}
