namespace Kagi.Hosting;

/// <summary>
/// The clock of access requests' own decisions (expiry, window end, escalation, report reminders).
/// Separate from the silo's <see cref="TimeProvider"/>, which Orleans itself uses, so that tests can
/// move it by hours without moving the runtime's timers.
/// </summary>
public sealed class WorkflowClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
