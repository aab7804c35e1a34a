namespace Kagi.Audit;

/// <summary>How a chain can be found broken (<see cref="AuditVerification.Problem"/>).</summary>
public static class AuditBreaks
{
    /// <summary>The record's content no longer matches its own hash (edited in place).</summary>
    public const string Altered = "altered";

    /// <summary>The record is intact on its own but does not link to its neighbour (rewritten and
    /// rehashed, or moved).</summary>
    public const string Unlinked = "unlinked";

    /// <summary>A stored row holds another position's record (rows swapped or moved).</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>A record is missing from the sequence (deleted).</summary>
    public const string Missing = "missing";

    /// <summary>Records a signed checkpoint vouches for are gone from the end of the log.</summary>
    public const string Truncated = "truncated";

    /// <summary>The record differs from the hash a signed checkpoint recorded for it.</summary>
    public const string CheckpointMismatch = "checkpoint-mismatch";

    /// <summary>A checkpoint's signature does not verify with the tenant's key.</summary>
    public const string BadSignature = "bad-signature";
}
