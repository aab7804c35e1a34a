namespace Kagi.Hosting;

/// <summary>The clock of access requests' own decisions (expiry, window start and end, escalation, report reminders).</summary>
public sealed class RequestClock(TimeProvider time) : SubsystemClock(time);
