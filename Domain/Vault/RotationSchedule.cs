using System.Security.Cryptography;
using System.Text;
using Cronos;
using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Vault;

/// <summary>
/// When an account's scheduled rotation falls due: an interval after the last rotation, or the next
/// cron occurrence in the schedule's time zone. Each account is shifted by a stable offset, so
/// thousands of accounts on one schedule do not hit their targets in the same minute.
/// </summary>
public static class RotationSchedule
{
    /// <summary>Orleans reminders fire at most once a minute; shorter intervals would be a promise we cannot keep.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>The largest spreading offset; smaller for short intervals (a tenth of the interval).</summary>
    public static readonly TimeSpan MaximumSpread = TimeSpan.FromMinutes(10);

    public static void Validate(RotationScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((spec.Every is null) == (spec.Cron is null))
        {
            throw new KagiException(ProblemCode.Invalid, "A rotation schedule needs exactly one of 'every' (ISO 8601 duration) or 'cron'.");
        }

        if (spec.Every is { } every && every < MinimumInterval)
        {
            throw new KagiException(ProblemCode.Invalid, $"Rotation intervals must be at least {MinimumInterval.TotalMinutes:0} minute.");
        }

        if (spec.Cron is { } cron && !CronExpression.TryParse(cron, CronFormat.Standard, out _))
        {
            throw new KagiException(ProblemCode.Invalid, $"'{cron}' is not a five-field cron expression.");
        }

        _ = TimeZoneOf(spec);
    }

    /// <summary>The next scheduled rotation after <paramref name="lastRotation"/>, or null when none is scheduled.</summary>
    public static DateTimeOffset? NextAfter(RotationScheduleSpec? spec, DateTimeOffset lastRotation, string accountKey)
    {
        if (spec is null)
        {
            return null;
        }

        if (spec.Every is { } every)
        {
            return lastRotation + every + Spread(accountKey, every);
        }

        var next = CronExpression.Parse(spec.Cron!, CronFormat.Standard).GetNextOccurrence(lastRotation, TimeZoneOf(spec));
        return next is { } at ? at + Spread(accountKey, MaximumSpread * 10) : null;
    }

    /// <summary>A stable offset in [0, min(interval / 10, 10 min)) derived from the account's key.</summary>
    public static TimeSpan Spread(string accountKey, TimeSpan interval)
    {
        var window = interval / 10 < MaximumSpread ? interval / 10 : MaximumSpread;
        if (window <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var hash = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(accountKey)));
        return TimeSpan.FromTicks((long)(hash % (ulong)window.Ticks));
    }

    private static TimeZoneInfo TimeZoneOf(RotationScheduleSpec spec)
    {
        if (string.IsNullOrEmpty(spec.TimeZone))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new KagiException(ProblemCode.Invalid, $"Unknown time zone '{spec.TimeZone}'; use an IANA id such as Asia/Tokyo.");
        }
    }
}
