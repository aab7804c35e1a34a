namespace Kagi.Hosting;

/// <summary>The clock of the audit log's own decisions (retention cut-off, checkpoint age) and of the outbox and scheduled reports.</summary>
public sealed class AuditClock(TimeProvider time) : SubsystemClock(time);
