namespace Kagi.Vault;

/// <summary>One rotation attempt or heartbeat finding, as shown to admins.</summary>
[GenerateSerializer, Immutable, Alias("kagi.RotationHistoryEntry")]
public sealed record RotationHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Trigger,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string? Reason);
