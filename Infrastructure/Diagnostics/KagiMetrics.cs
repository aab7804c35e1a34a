using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Kagi.Identity;

namespace Kagi.Diagnostics;

/// <summary>
/// Kagi's own meter ("Kagi"), recorded where each thing happens (grains and stores) and exported by both
/// processes' OpenTelemetry. Every tag takes its value from a closed set written in code (outcomes, reasons,
/// target kinds, channels, reminder names): never a tenant id, username, account or request id. An operator's
/// metrics store keeps one series per tag combination for every tenant that ever existed, so a tenant tag would
/// grow without bound, and names of tenants and their people do not belong outside the tenant's own audit log;
/// the audit log answers per-tenant questions.
/// </summary>
public static class KagiMetrics
{
    public const string MeterName = "Kagi";

    /// <summary>Stands for any value outside the closed set a tag expects, so a stray value costs one series, not one per value.</summary>
    public const string Other = "other";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("kagi.signins", "{sign-in}", "Sign-ins by outcome (success, failure) and reason (password, wrong-password, locked, …).");
    private static readonly Counter<long> CheckOuts = Meter.CreateCounter<long>("kagi.checkouts", "{check-out}", "Check-outs handed out, by account kind (standing, one-time).");
    private static readonly Counter<long> Rotations = Meter.CreateCounter<long>("kagi.rotations", "{rotation}", "Rotation attempts by outcome (completed, failed, out-of-sync) and target kind.");
    private static readonly Counter<long> OutOfSync = Meter.CreateCounter<long>("kagi.accounts.out_of_sync", "{account}", "Accounts found out of sync (a transition: the stored password no longer logs in), by target kind.");
    private static readonly Histogram<double> AuditAppend = Meter.CreateHistogram<double>("kagi.audit.append.duration", "s", "From an audit append's arrival at the tenant's log to its batch being stored.");
    private static readonly Histogram<long> AuditBatch = Meter.CreateHistogram<long>("kagi.audit.batch.size", "{record}", "Records stored by one group commit of the audit log.");
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("kagi.notifications.deliveries", "{delivery}", "Notification delivery outcomes by channel (email, webhook) and status (sent, retrying, failed).");
    private static readonly Counter<long> GrainCalls = Meter.CreateCounter<long>("kagi.grain.calls", "{call}", "Calls grains received, by grain type (the types the code defines), to see the call rate each type's grains take (Orleans' meters count activations per type, not calls).");
    private static readonly Counter<double> GrainBusy = Meter.CreateCounter<double>("kagi.grain.busy", "s", "Time grains spent inside calls (the call's turns and what they awaited), by grain type: per second and per activation of a grain that does not interleave, near 1 means its calls queue (a hot grain).");
    private static readonly Histogram<double> ReminderLag = Meter.CreateHistogram<double>("kagi.reminders.lag", "s", "How late a reminder tick reached its grain, by reminder name.");

    private static readonly FrozenSet<string> TargetKinds = FrozenSet.Create(StringComparer.Ordinal, "postgres", "ssh", "ldap");

    public static void SignIn(bool succeeded, string reason) =>
        SignIns.Add(1, new("outcome", succeeded ? "success" : "failure"), new("reason", Bounded(reason, SignInReasonSet)));

    public static void CheckOut(bool oneTime) => CheckOuts.Add(1, new KeyValuePair<string, object?>("account_kind", oneTime ? "one-time" : "standing"));

    /// <summary><paramref name="outcome"/> is completed, failed or out-of-sync.</summary>
    public static void Rotation(string outcome, string? targetKind) =>
        Rotations.Add(1, new("outcome", Bounded(outcome, RotationOutcomes)), new("target_kind", Bounded(targetKind, TargetKinds)));

    public static void AccountOutOfSync(string? targetKind) => OutOfSync.Add(1, new KeyValuePair<string, object?>("target_kind", Bounded(targetKind, TargetKinds)));

    public static void AuditAppended(TimeSpan waited) => AuditAppend.Record(waited.TotalSeconds);

    public static void AuditBatchStored(int records) => AuditBatch.Record(records);

    /// <summary><paramref name="status"/> is sent, retrying or failed.</summary>
    public static void Delivery(string channel, string status) =>
        Deliveries.Add(1, new("channel", Bounded(channel, Channels)), new("status", Bounded(status, DeliveryStatuses)));

    /// <summary>A grain type is a class of the deployed code (Kagi's or Orleans' own), so its values are a closed set.</summary>
    public static void GrainCall(string grainType) => GrainCalls.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    /// <summary>As <see cref="GrainCall"/>: the time one call of <paramref name="grainType"/> took inside the grain.</summary>
    public static void GrainBusyFor(string grainType, TimeSpan busy) => GrainBusy.Add(busy.TotalSeconds, new KeyValuePair<string, object?>("grain_type", grainType));

    /// <summary>The reminder names are constants of the grains, a closed set; an unexpected one counts as <see cref="Other"/>.</summary>
    public static void ReminderTick(string reminderName, TimeSpan lag) =>
        ReminderLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("reminder", Bounded(reminderName, ReminderNames)));

    private static readonly FrozenSet<string> RotationOutcomes = FrozenSet.Create(StringComparer.Ordinal, "completed", "failed", "out-of-sync");
    private static readonly FrozenSet<string> Channels = FrozenSet.Create(StringComparer.Ordinal, "email", "webhook");
    private static readonly FrozenSet<string> DeliveryStatuses = FrozenSet.Create(StringComparer.Ordinal, "sent", "retrying", "failed");

    private static readonly FrozenSet<string> SignInReasonSet = FrozenSet.Create(StringComparer.Ordinal,
        SignInReasons.Password, SignInReasons.PasswordAndTotp, SignInReasons.PasswordAndRecoveryCode, SignInReasons.UnknownUser,
        SignInReasons.WrongPassword, SignInReasons.Disabled, SignInReasons.Locked, SignInReasons.MfaMissing, SignInReasons.WrongTotp,
        SignInReasons.TotpReplay, SignInReasons.WrongRecoveryCode, SignInReasons.SourceBlocked, SignInReasons.IpNotAllowed,
        SignInReasons.RiskBlocked, SignInReasons.RiskStepUpWithoutMfa, SignInReasons.PasswordAndPasskey, SignInReasons.WrongPasskey,
        SignInReasons.PasskeyCounterRegressed, SignInReasons.PasskeyRequired);

    // The grains' reminder names (constants there, some private); a reminder added later is counted as "other" until listed here.
    private static readonly FrozenSet<string> ReminderNames = FrozenSet.Create(StringComparer.Ordinal,
        "account-maintenance", "request-agenda", "audit-retention", "audit-settings-change", "siem-resume", "report-schedule",
        "notification-outbox", "reencrypt", "idempotency-expiry");

    private static string Bounded(string? value, FrozenSet<string> known) => value is not null && known.Contains(value) ? value : Other;
}
