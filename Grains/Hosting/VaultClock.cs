namespace Kagi.Hosting;

/// <summary>
/// The clock of the vault's own decisions (lease ends, rotation retries and schedules, one-time account
/// cleanup, target pacing). By default the silo's <see cref="TimeProvider"/>; separate from it, like
/// <see cref="AuditClock"/>, so tests can move it without moving the Orleans runtime's own timers.
/// </summary>
public sealed class VaultClock(TimeProvider time) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(callback, state, dueTime, period);
}
