using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Domain.Requests;

/// <summary>Finds the first auto-approval rule that covers a request, if any.</summary>
public static class AutoApproval
{
    public static AutoApprovalRule? Match(WorkflowDefinition workflow, string requester, IReadOnlyList<RequestItem> items, ApproverDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(directory);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workflow.TimeZone);
        return workflow.AutoApprove.IsDefault ? null : workflow.AutoApprove.FirstOrDefault(rule =>
            directory.InAnyGroup(requester, rule.RequesterGroups)
            && items.All(item => item.Until - item.From <= rule.MaximumWindow && InsideHours(rule.BusinessHours, item, zone)));
    }

    /// <summary>The whole window lies inside one day's business hours (local time).</summary>
    public static bool InsideHours(BusinessHours? hours, RequestItem item, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (hours is null)
        {
            return true;
        }

        var from = TimeZoneInfo.ConvertTime(item.From, zone);
        var until = TimeZoneInfo.ConvertTime(item.Until, zone);
        var fromTime = TimeOnly.FromDateTime(from.DateTime);
        var untilTime = TimeOnly.FromDateTime(until.DateTime);
        return hours.Days.Contains(from.DayOfWeek)
            && from.Date == until.Date
            && fromTime >= hours.Start
            && untilTime <= hours.End;
    }
}
