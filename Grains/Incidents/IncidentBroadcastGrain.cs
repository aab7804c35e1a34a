using System.Collections.Immutable;
using Kagi.Domain.Incidents;
using Kagi.Errors;
using Kagi.Tenancy;

namespace Kagi.Incidents;

/// <summary>
/// Check → the tenants (named, each known, or the directory a page at a time) → each tenant's
/// <see cref="ITenantIncidentGrain"/>, a page concurrently. Holds nothing: what each tenant was told lives
/// in that tenant's grain, so a repeat after a failure tells only those not told yet. Key: 0.
/// </summary>
[Orleans.Concurrency.StatelessWorker]
public sealed class IncidentBroadcastGrain : Grain, IIncidentBroadcastGrain
{
    private const int Page = 100;

    public async Task<IncidentBroadcastResult> AnnounceAsync(Caller caller, IncidentAnnouncement announcement, ImmutableArray<string> tenants)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(announcement);
        if (!caller.IsOperator)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the operator announces incidents.");
        }

        if ((IncidentAnnouncements.Problem(announcement) ?? IncidentAnnouncements.TenantsProblem(tenants)) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        var directory = GrainFactory.GetGrain<ITenantDirectoryGrain>(0);
        var named = tenants.IsDefault ? [] : tenants;
        foreach (var tenantId in named)
        {
            if (!await directory.ContainsAsync(tenantId))
            {
                throw new KagiException(ProblemCode.NotFound, $"Tenant '{tenantId}' not found; no tenant was told.");
            }
        }

        var announced = ImmutableArray.CreateBuilder<string>();
        var repeated = ImmutableArray.CreateBuilder<string>();
        async Task TellAsync(IReadOnlyList<string> page)
        {
            var outcomes = await Task.WhenAll(page.Select(tenantId => GrainFactory.GetGrain<ITenantIncidentGrain>(GrainKeys.For(tenantId, announcement.Id))
                .AnnounceAsync(Caller.Operator(tenantId, caller.IpAddress), announcement)));
            for (var i = 0; i < page.Count; i++)
            {
                (outcomes[i].Announced ? announced : repeated).Add(page[i]);
            }
        }

        if (!named.IsEmpty)
        {
            foreach (var chunk in named.Chunk(Page))
            {
                await TellAsync(chunk);
            }
        }
        else
        {
            string? after = null;
            while (await directory.PageAsync(after, Page) is { IsEmpty: false } page)
            {
                await TellAsync(page);
                after = page[^1];
            }
        }

        return new IncidentBroadcastResult(announcement.Id, announced.ToImmutable(), repeated.ToImmutable());
    }
}
