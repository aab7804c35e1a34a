using System.Runtime.CompilerServices;
using Kagi.Audit;

namespace Kagi.Frontend.Features.Audit;

/// <summary>Every matching record of a tenant's log, newest first, fetched one page at a time so
/// that only one page is ever held in memory.</summary>
public static class AuditPager
{
    public static async IAsyncEnumerable<AuditRecord> ReadAllAsync(
        IAuditLogGrain log, Caller caller, AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        long? before = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await log.QueryAsync(caller, filter, before, AuditLimits.MaximumPageSize);
            foreach (var record in page.Records)
            {
                yield return record;
            }

            before = page.NextBeforeSequence;
        }
        while (before is not null);
    }
}
