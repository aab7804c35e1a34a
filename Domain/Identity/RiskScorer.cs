using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// Adaptive authentication: scores a sign-in against the user's profile and names each signal that
/// contributed (<c>name:+points</c>), decides by the tenant's thresholds, learns from completed
/// sign-ins and lets carried suspicion decay. No I/O; times and locations come in as arguments.
/// </summary>
public sealed class RiskScorer(AdaptiveAuthSettings settings)
{
    public const int NewSubnet = 30;
    public const int NewDevice = 20;
    public const int NewUserAgent = 10;
    public const int UnusualHour = 15;
    public const int SprayingSource = 80;
    public const int ImpossibleTravel = 60;
    public const int FailureWeight = 10;
    public const double ImpossibleSpeedKmH = 1000;

    private static readonly TimeSpan VelocityWindow = TimeSpan.FromHours(1);
    private const int MaximumKnown = 50;
    private const int HabitualSignIns = 10;

    /// <summary>Carried suspicion and failures as of <paramref name="now"/>: halves every half-life.</summary>
    public RiskProfile Decay(RiskProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var elapsed = now - profile.ScoreAt;
        var score = elapsed > TimeSpan.Zero ? profile.Score * Math.Pow(0.5, elapsed / settings.DecayHalfLife) : profile.Score;
        return profile with
        {
            Score = score < 0.5 ? 0 : score,
            ScoreAt = now,
            Failures = [.. profile.Failures.Where(time => now - time < VelocityWindow)],
        };
    }

    /// <param name="sprayThreshold">Distinct failing usernames that block a source; half of it is a signal.</param>
    public RiskAssessment Assess(RiskProfile profile, RiskContext context, DateTimeOffset now, int sprayThreshold)
    {
        ArgumentNullException.ThrowIfNull(context);
        profile = Decay(profile, now);
        var signals = new List<(string Name, int Points)>();
        var known = profile.SignIns > 0;
        if (known && Subnet(context.IpAddress) is { } subnet && !profile.Subnets.Contains(subnet))
        {
            signals.Add(("new-subnet", NewSubnet));
        }

        if (known && (context.DeviceHash is null || !profile.Devices.Contains(context.DeviceHash)))
        {
            signals.Add(("new-device", NewDevice));
        }

        if (known && context.UserAgentHash is { } agent && !profile.UserAgents.Contains(agent))
        {
            signals.Add(("new-user-agent", NewUserAgent));
        }

        if (profile.SignIns >= HabitualSignIns && profile.Hours[LocalHour(now)] == 0)
        {
            signals.Add(("unusual-hour", UnusualHour));
        }

        if (profile.Failures.Length >= 3)
        {
            signals.Add(("failure-velocity", Math.Min(40, (profile.Failures.Length - 2) * 10)));
        }

        if (profile.Score >= 5)
        {
            signals.Add(("elevated-risk", (int)Math.Round(profile.Score)));
        }

        if (context.SourceFailedUsers >= Math.Max(2, sprayThreshold / 2))
        {
            signals.Add(("spraying-source", SprayingSource));
        }

        if (profile is { LastLocation: { } from, LastSignInAt: { } at } && context.Location is { } to)
        {
            var km = DistanceKm(from, to);
            var hours = Math.Max((now - at).TotalHours, 1.0 / 60);
            if (km > 500 && km / hours > ImpossibleSpeedKmH)
            {
                signals.Add(("impossible-travel", ImpossibleTravel));
            }
        }

        var score = Math.Min(100, signals.Sum(s => s.Points));
        var decision = !settings.Enabled ? RiskDecision.Allow
            : score >= settings.BlockScore ? RiskDecision.Block
            : score >= settings.StepUpScore ? RiskDecision.StepUp
            : RiskDecision.Allow;
        return new RiskAssessment(score, [.. signals.Select(s => $"{s.Name}:+{s.Points}")], decision);
    }

    /// <summary>A completed sign-in: its subnet, device, agent and hour become usual.</summary>
    public RiskProfile Learn(RiskProfile profile, RiskContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(context);
        profile = Decay(profile, now);
        var hours = profile.Hours.Length == 24 ? profile.Hours : [.. new int[24]];
        return profile with
        {
            Subnets = Remember(profile.Subnets, Subnet(context.IpAddress)),
            Devices = Remember(profile.Devices, context.DeviceHash),
            UserAgents = Remember(profile.UserAgents, context.UserAgentHash),
            Hours = hours.SetItem(LocalHour(now), hours[LocalHour(now)] + 1),
            LastLocation = context.Location ?? profile.LastLocation,
            LastSignInAt = now,
            SignIns = profile.SignIns + 1,
        };
    }

    public RiskProfile RecordFailure(RiskProfile profile, int weight, DateTimeOffset now)
    {
        profile = Decay(profile, now);
        return profile with { Failures = profile.Failures.Add(now), Score = Math.Min(100, profile.Score + weight) };
    }

    /// <summary>What a profile remembers of a user agent: the first 32 hex digits of its SHA-256, never the string itself.</summary>
    public static string? UserAgentHash(string? userAgent) =>
        userAgent is null ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userAgent)))[..32];

    /// <summary>The subnet a profile remembers: /24 for IPv4, /48 for IPv6.</summary>
    public static string? Subnet(string? ipAddress)
    {
        if (ipAddress is null || !IPAddress.TryParse(ipAddress, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 24 : 48;
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return $"{new IPAddress(bytes)}/{prefix}";
    }

    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        const double radius = 6371;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public static void Validate(AdaptiveAuthSettings adaptive)
    {
        ArgumentNullException.ThrowIfNull(adaptive);
        var problems = new SettingsProblems();
        if (adaptive.StepUpScore is < 1 or > 100 || adaptive.BlockScore is < 1 or > 100 || adaptive.StepUpScore > adaptive.BlockScore)
        {
            problems.Add("stepUpScore", "stepUpScore and blockScore must be from 1 to 100, step-up not above block");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(adaptive.TimeZone ?? "", out _))
        {
            problems.Add("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin");
        }

        if (adaptive.DecayHalfLife < TimeSpan.FromSeconds(1) || adaptive.DecayHalfLife > TimeSpan.FromDays(7))
        {
            problems.Add("decayHalfLifeSeconds", "decayHalfLifeSeconds must be from 1 to 604800");
        }

        problems.ThrowIfAny("The adaptive-authentication settings are invalid: ");
    }

    private int LocalHour(DateTimeOffset now) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone, out var zone) ? TimeZoneInfo.ConvertTime(now, zone).Hour : now.UtcDateTime.Hour;

    private static ImmutableArray<string> Remember(ImmutableArray<string> known, string? value) =>
        value is null ? known : [.. known.Remove(value).Add(value).TakeLast(MaximumKnown)];
}
