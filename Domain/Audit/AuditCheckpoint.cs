namespace Kagi.Domain.Audit;

/// <summary>
/// A signed statement "the record with this sequence number had this hash at this time". It pins
/// the chain so that a rewrite of every record after some point, or a cut-off tail, is detected,
/// and it anchors the chain after older records are purged.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset Time, string Signature);
