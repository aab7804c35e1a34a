namespace Kagi.Hosting;

/// <summary>
/// The clock of Kagi's own scheduling decisions (audit retention cut-off, checkpoint age, report
/// periods, notification retries). Separate from the
/// silo's <see cref="TimeProvider"/>, which Orleans itself uses, so that tests can move it by a year
/// without moving the runtime's timers.
/// </summary>
public sealed class AuditClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
