namespace Kagi.Identity;

/// <summary>The time zone a user reads times in: an IANA id such as <c>Asia/Tokyo</c>, UTC until they choose one.</summary>
public static class UserTimeZones
{
    public const string Default = "UTC";
    public const int MaximumLength = 64;
    public const string Rule = "an IANA time zone id such as Asia/Tokyo or UTC";

    /// <summary>True for an IANA id this machine knows; a Windows id such as "Tokyo Standard Time" is refused, so every
    /// stored zone means the same on every machine.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaximumLength } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>The zone of <paramref name="id"/>, or UTC for none or one no longer known.</summary>
    public static TimeZoneInfo Find(string? id) =>
        IsValid(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id!, out var zone) ? zone : TimeZoneInfo.Utc;
}
