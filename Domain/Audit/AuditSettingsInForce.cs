using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Siem;

namespace Kagi.Domain.Audit;

/// <summary>
/// The retention and SIEM destinations in force, and what is waiting to change them. The settings are
/// changed by the admins they audit, so a change that weakens the record (a shorter retention, a
/// destination removed or pointed elsewhere) waits <see cref="Delay"/>, for every admin to be told,
/// unless the operator approves it sooner; what only strengthens it (a longer retention, a destination
/// added, a destination's credentials renewed) applies at once. A shortening that takes effect leaves a
/// floor, so the purge never removes a record younger than the retention in force before the change.
/// Destinations are compared in their stored form (URLs redacted), so a renewed secret is no new target.
/// </summary>
public sealed record AuditSettingsInForce(
    int RetentionDays,
    ImmutableArray<SiemDestination> Siem,
    PendingAuditSettings? Pending,
    ImmutableArray<AuditRetentionFloor> Floors)
{
    public static readonly TimeSpan Delay = TimeSpan.FromDays(7);

    /// <summary>An admin asks for <paramref name="retentionDays"/> and <paramref name="siem"/>: the
    /// strengthening part applies now, the rest waits. It replaces whatever was pending; asking again for
    /// exactly what waits (e.g. saving another part of the settings) keeps its request and its time, so an
    /// unrelated save never restarts the delay the admins were told about.</summary>
    public AuditSettingsInForce Change(int retentionDays, ImmutableArray<SiemDestination> siem, string requestedBy, DateTimeOffset now)
    {
        var weakened = retentionDays < RetentionDays || Siem.Any(current => !siem.Any(wanted => SameTarget(wanted, current)));
        if (!weakened)
        {
            return this with { RetentionDays = retentionDays, Siem = siem, Pending = null };
        }

        // Until then: every destination in force keeps streaming (with renewed credentials where only
        // those changed), new ones start now, and the longer retention holds.
        var meanwhile = Siem.Select(current => siem.FirstOrDefault(wanted => SameTarget(wanted, current)) ?? current)
            .Concat(siem.Where(wanted => !Siem.Any(current => current.Id == wanted.Id)));
        return this with
        {
            RetentionDays = Math.Max(RetentionDays, retentionDays),
            Siem = [.. meanwhile],
            Pending = Pending is { } waiting && IsAskedAgain(waiting, retentionDays, siem)
                ? waiting with { Siem = siem }
                : new PendingAuditSettings(retentionDays, siem, requestedBy, now, now + Delay),
        };
    }

    /// <summary>Whether <paramref name="retentionDays"/> and <paramref name="siem"/> are what <paramref name="waiting"/>
    /// already asks for (destinations compared as targets: renewed credentials are no new request).</summary>
    private static bool IsAskedAgain(PendingAuditSettings waiting, int retentionDays, ImmutableArray<SiemDestination> siem) =>
        waiting.RetentionDays == retentionDays && waiting.Siem.Length == siem.Length
        && siem.All(wanted => waiting.Siem.Any(current => SameTarget(wanted, current)));

    /// <summary>Whether the pending change's delay has passed.</summary>
    public bool IsDue(DateTimeOffset now) => Pending is { } pending && now >= pending.EffectiveAt;

    /// <summary>The pending change takes effect (its delay passed, or the operator approved it).</summary>
    public AuditSettingsInForce TakeEffect(DateTimeOffset now)
    {
        if (Pending is not { } pending)
        {
            return this;
        }

        var floors = pending.RetentionDays < RetentionDays ? Floors.Add(new AuditRetentionFloor(RetentionDays, now)) : Floors;
        return new AuditSettingsInForce(pending.RetentionDays, pending.Siem, null, floors).WithoutSpentFloors(now);
    }

    /// <summary>How long a record written at <paramref name="written"/> is kept: the retention in force,
    /// or longer where a shortening left a floor over it.</summary>
    public int KeptDays(DateTimeOffset written) =>
        Floors.Where(floor => written < floor.Before).Select(floor => floor.Days).Append(RetentionDays).Max();

    public bool MayPurge(DateTimeOffset written, DateTimeOffset now) => written < now - TimeSpan.FromDays(KeptDays(written));

    /// <summary>A cut-off before which everything may go, whichever floor it falls under (for data purged by time alone).</summary>
    public DateTimeOffset SafeCutOff(DateTimeOffset now) =>
        now - TimeSpan.FromDays(Floors.Select(floor => floor.Days).Append(RetentionDays).Max());

    /// <summary>The newest sequence that may be purged among <paramref name="oldestFirst"/>, which must start
    /// right after <paramref name="anchorSequence"/>; null when none may. Stops at the first record to keep,
    /// so the log never gets a hole.</summary>
    public long? LastPurgeable(long anchorSequence, IReadOnlyList<AuditRecord> oldestFirst, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        long? last = null;
        var expected = anchorSequence + 1;
        foreach (var record in oldestFirst)
        {
            if (record.Sequence != expected || !MayPurge(record.Event.Time, now))
            {
                break;
            }

            last = record.Sequence;
            expected++;
        }

        return last;
    }

    /// <summary>A floor is spent once every record it covers is older than its days.</summary>
    public AuditSettingsInForce WithoutSpentFloors(DateTimeOffset now) =>
        this with { Floors = [.. Floors.Where(floor => now - TimeSpan.FromDays(floor.Days) < floor.Before)] };

    private static bool SameTarget(SiemDestination wanted, SiemDestination current) =>
        wanted.Id == current.Id && wanted.Kind == current.Kind && wanted.Host == current.Host && wanted.Port == current.Port
        && wanted.Tls == current.Tls && wanted.CaCertificate == current.CaCertificate
        && SiemUrl.Shown(wanted.Url) == SiemUrl.Shown(current.Url);
}
