using Kagi.Domain.Import;
using Kagi.Vault;

namespace Kagi.Import;

/// <summary>
/// One line of an import job in the import table. Until it is decided it carries its password sealed
/// (<see cref="SealedPassword"/>); once decided the row is rewritten without it, holding only the result.
/// </summary>
public sealed record ImportStoredRow(AccountImportRow Row, string Phase, byte[]? SealedPassword, ImportLineError? Problem)
{
    /// <summary>Stored, not yet tried.</summary>
    public const string Pending = "pending";

    /// <summary>Being registered: after a restart the line's account may already exist, registered by this job.</summary>
    public const string Attempting = "attempting";
    public const string Created = "created";
    public const string Refused = "failed";

    public bool IsDecided => Phase is Created or Refused;

    public override string ToString() => $"ImportStoredRow {{ Line = {Row.Line}, Id = {Row.Id}, Phase = {Phase} }}";
}
