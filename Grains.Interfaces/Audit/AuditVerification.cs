namespace Kagi.Audit;

/// <summary>
/// The outcome of checking a tenant's whole log: <see cref="Records"/> were read; when the chain is
/// broken, <see cref="FirstBroken"/> names the oldest sequence number at fault and
/// <see cref="Problem"/> says how (<see cref="AuditBreaks"/>). <see cref="AnchorSequence"/> is the
/// signed checkpoint the chain starts from after a purge (0: the genesis).
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] long Records,
    [property: Id(2)] long? FirstBroken,
    [property: Id(3)] string? Problem,
    [property: Id(4)] long AnchorSequence,
    [property: Id(5)] long Checkpoints);
