using Kagi.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kagi.Hosting;

/// <summary>
/// Written once for every grain call: whatever a grain logs during the call carries the tenant of its key and the
/// Frontend's request id (<see cref="RequestIds"/>, carried by Orleans' request context from the HTTP request that
/// caused it, through every grain it reaches), and each reminder tick records how late it arrived. Only the tenant
/// part of the key goes into the scope: some local ids are hashes of session tokens, which need not be in logs.
/// Each call is also counted by its grain type (<see cref="KagiMetrics.GrainCall"/>), never by key, so a hot grain
/// type shows in the metrics without naming a tenant, and timed (<see cref="KagiMetrics.GrainBusyFor"/>), so a grain whose
/// calls take all of its time (a queue forms behind it) shows too.
/// </summary>
public sealed class GrainCallObservation(ILogger<GrainCallObservation> logger, TimeProvider time) : IIncomingGrainCallFilter
{
    private static readonly Func<ILogger, string, string, IDisposable?> Scope = LoggerMessage.DefineScope<string, string>("tenant={TenantId} request={RequestId}");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grainType = context.TargetId.Type.ToString()!;
        KagiMetrics.GrainCall(grainType);
        if (context.InterfaceMethod?.Name == nameof(IRemindable.ReceiveReminder)
            && context.Request.GetArgumentCount() == 2
            && context.Request.GetArgument(0) is string reminder
            && context.Request.GetArgument(1) is TickStatus tick)
        {
            KagiMetrics.ReminderTick(reminder, time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(tick.CurrentTickTime, DateTimeKind.Utc)));
        }

        using var scope = Scope(logger, TenantOf(context.TargetId) ?? "-", RequestContext.Get(RequestIds.ContextKey) as string ?? "-");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            KagiMetrics.GrainBusyFor(grainType, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The tenant a grain key names (<c>{tenant}</c> or <c>{tenant}/{id}</c>); null for Kagi's global grains and Orleans' own.</summary>
    public static string? TenantOf(GrainId grain)
    {
        var key = grain.Key.ToString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var tenant = slash < 0 ? key : key[..slash];
        return Identifiers.IsValidTenant(tenant) ? tenant : null;
    }
}
