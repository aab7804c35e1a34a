using System.Collections.Immutable;

namespace Kagi.Requests.Workflows;

/// <summary>
/// Approves a request without people when the requester is in one of <see cref="RequesterGroups"/>,
/// the window is at most <see cref="MaximumWindow"/> and, if given, it lies inside business hours.
/// </summary>
[GenerateSerializer, Immutable, Alias("kagi.AutoApprovalRule")]
public sealed record AutoApprovalRule(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> RequesterGroups,
    [property: Id(2)] TimeSpan MaximumWindow,
    [property: Id(3)] BusinessHours? BusinessHours);

/// <summary>Local opening hours on some weekdays, in the workflow's time zone.</summary>
[GenerateSerializer, Immutable, Alias("kagi.BusinessHours")]
public sealed record BusinessHours(
    [property: Id(0)] ImmutableArray<DayOfWeek> Days,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End);

/// <summary>Break-glass: access at once, approval afterwards within <see cref="ApprovalWithin"/> or an escalation goes out.</summary>
[GenerateSerializer, Immutable, Alias("kagi.EmergencyAccessPolicy")]
public sealed record EmergencyAccessPolicy([property: Id(0)] TimeSpan ApprovalWithin);

/// <summary>Whether a 作業報告 is due after the window, how long after, and how often to remind.</summary>
[GenerateSerializer, Immutable, Alias("kagi.PostWorkReportPolicy")]
public sealed record PostWorkReportPolicy(
    [property: Id(0)] bool Required,
    [property: Id(1)] TimeSpan DueAfter,
    [property: Id(2)] TimeSpan RemindEvery)
{
    public static PostWorkReportPolicy NotRequired { get; } = new(false, TimeSpan.FromDays(1), TimeSpan.FromDays(1));
}
