namespace Kagi.Hosting;

/// <summary>The clock of the vault's own decisions (lease ends, rotation retries and schedules, one-time account cleanup, target pacing).</summary>
public sealed class VaultClock(TimeProvider time) : SubsystemClock(time);
