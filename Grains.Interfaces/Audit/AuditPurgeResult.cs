namespace Kagi.Audit;

/// <summary>What one purge removed: sequences <see cref="FirstPurged"/>..<see cref="LastPurged"/>
/// (none when <see cref="Purged"/> is 0); the chain is now anchored at <see cref="AnchorSequence"/>.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AuditPurgeResult")]
public sealed record AuditPurgeResult(
    [property: Id(0)] long Purged,
    [property: Id(1)] long? FirstPurged,
    [property: Id(2)] long? LastPurged,
    [property: Id(3)] long AnchorSequence,
    [property: Id(4)] DateTimeOffset CutOff);
