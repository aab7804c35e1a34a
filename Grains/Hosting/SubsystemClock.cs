namespace Kagi.Hosting;

/// <summary>
/// A clock of one part of Kagi (audit, vault, access requests). By default the silo's
/// <see cref="TimeProvider"/>; a type of its own so tests can move one part's time without moving
/// the others or the Orleans runtime's own timers.
/// </summary>
public abstract class SubsystemClock(TimeProvider time) : TimeProvider
{
    public DateTimeOffset Now => GetUtcNow();

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(callback, state, dueTime, period);
}
