using System.Collections.Immutable;
using System.Globalization;
using Kagi.Domain.Import;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Import;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// Load → decide (<see cref="ImportJobProgress"/>) → persist → schedule. The items (a CSV file's lines, or the accounts
/// of an adoption, <see cref="ImportJobKind"/>) go to the import table (<see cref="ImportRowStore"/>, passwords sealed);
/// a timer then takes one chunk at a time: it marks the chunk's new lines attempting, brings them under management in
/// parallel (each at its turn on its target's pacing; see the Items part for each kind), stores each line's result
/// without its password, and only then moves the cursor and the counts in the grain state. So a restart at any point
/// repeats at most the chunk under way, and a repeated line whose account already exists as the line describes it
/// counts as this job's (never registered twice). The reminder resumes the job after a restart and, once finished,
/// removes it after <see cref="ImportJobProgress.Retention"/>. Only <see cref="GetAsync"/> interleaves: it reads.
/// </summary>
public sealed partial class AccountImportJobGrain(
    [PersistentState("import", KagiStorage.GrainState)] IPersistentState<ImportJobState> state,
    ImportRowStore rows,
    TenantVault vault,
    VaultClock time,
    ImportJobLimits limits,
    ILogger<AccountImportJobGrain> logger) : TenantScopedGrain, IAccountImportJobGrain, IRemindable
{
    public const string ResumeReminder = "import-job";

    private static readonly TimeSpan ChunkPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;

    private ImportJobState Job => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Job.Status == ImportJobStatus.Storing)
        {
            // Only a Start call of an activation that is gone writes this status: the file never got fully stored.
            await FinishAsync(ImportJobProgress.Interrupted(Job, time.Now));
        }
        else if (ImportJobProgress.IsOpen(Job))
        {
            Arm();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<AccountImportStart> StartAsync(Caller caller, string csv)
    {
        EnsureNew(caller);
        var (parsed, malformed) = AccountImportFile.Read(csv);
        if (malformed.Count > 0)
        {
            return new AccountImportStart(null, [.. malformed]);
        }

        await QueueAsync(caller, ImportJobKind.File, parsed, async row => await vault.SealAsync(row.Password, PasswordContext(row.Line)));
        return new AccountImportStart(View([], null), []);
    }

    public async Task<AccountImportJob> AdoptAsync(Caller caller, string targetId, ImmutableDictionary<string, string> accountIdsByUsername)
    {
        EnsureNew(caller);
        ArgumentNullException.ThrowIfNull(accountIdsByUsername);
        if (accountIdsByUsername.IsEmpty || accountIdsByUsername.Count > AccountImportFile.MaximumRows)
        {
            throw new KagiException(ProblemCode.Invalid, $"An adoption names 1 to {AccountImportFile.MaximumRows} accounts.");
        }

        // Nobody knows these accounts' passwords: each gets a fresh one when its turn comes, so nothing is sealed now.
        var items = accountIdsByUsername.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select((p, i) => new AccountImportRow(i + 1, p.Value, targetId, p.Key, "")).ToList();
        await QueueAsync(caller, ImportJobKind.Adoption, items, _ => Task.FromResult<byte[]?>(null));
        return View([], null);
    }

    public async Task<AccountImportJob> GetAsync(Caller caller, int afterLine, int limit)
    {
        EnsureAdmin(caller);
        var job = Job;
        if (!job.Exists || job.Status == ImportJobStatus.Storing)
        {
            throw NotFound($"Import job '{LocalId}'");
        }

        var take = Math.Clamp(limit, 1, 500);
        var page = await rows.ReadAsync(TenantId, LocalId, Math.Max(afterLine, 0), job.LastLine, take);
        var next = page.Count == take && page[^1].Row.Line < job.LastLine ? page[^1].Row.Line : (int?)null;
        return View([.. page.Select(Result)], next, job);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Job.Status == ImportJobStatus.Storing)
        {
            // Calls are one at a time, so a job still storing here is one whose Start failed part-way in this activation.
            await FinishAsync(ImportJobProgress.Interrupted(Job, time.Now));
        }
        else if (ImportJobProgress.IsOpen(Job))
        {
            Arm();
            return;
        }

        if (!Job.Exists)
        {
            await StopReminderAsync();
        }
        else if (ImportJobProgress.RemovableAt(Job) is { } at && at <= time.Now)
        {
            await rows.DeleteAsync(TenantId, LocalId);
            await state.ClearStateAsync();
            await StopReminderAsync();
            DeactivateOnIdle();
        }
    }

    /// <summary>One timer turn: one chunk, so the job's grain is between chunks (and can be deactivated, or read) often.
    /// A turn that fails (storage, a silo going away) is logged and tried again after <see cref="RetryPause"/>.</summary>
    private async Task RunAsync()
    {
        if (!ImportJobProgress.IsOpen(Job))
        {
            return;
        }

        try
        {
            var chunk = await rows.ReadAsync(TenantId, LocalId, Job.LastLine, int.MaxValue, limits.ChunkSize);
            if (chunk.Count == 0)
            {
                await FinishAsync(ImportJobProgress.Finished(Job, time.Now));
                LogFinished(logger, TenantId, LocalId, Job.Status, Job.Created, Job.Failed);
                return;
            }

            await RunChunkAsync(chunk);
        }
        catch (Exception e) when (e is not KagiException)
        {
            LogRetry(logger, TenantId, LocalId, e.GetType().Name);
            _timer?.Change(RetryPause, ChunkPause);
        }
    }

    private async Task RunChunkAsync(IReadOnlyList<ImportStoredRow> chunk)
    {
        // Marked before any registration, so a restart knows which accounts this job may already have made.
        var fresh = chunk.Where(r => r.Phase == ImportStoredRow.Pending).ToList();
        await rows.PutAsync(TenantId, LocalId, fresh.Select(r => r with { Phase = ImportStoredRow.Attempting }));

        using var gate = new SemaphoreSlim(Math.Max(limits.Parallelism, 1));
        var decided = await Task.WhenAll(chunk.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                return await DecideAsync(row);
            }
            finally
            {
                gate.Release();
            }
        }));

        await rows.PutAsync(TenantId, LocalId, decided);
        state.State = ImportJobProgress.Recorded(Job, chunk[^1].Row.Line,
            decided.Count(r => r.Phase == ImportStoredRow.Created), decided.Count(r => r.Phase == ImportStoredRow.Refused));
        await state.WriteStateAsync();
    }

    private void EnsureNew(Caller caller)
    {
        EnsureAdmin(caller);
        if (Job.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Import job '{LocalId}' was already started.");
        }
    }

    /// <summary>Stores the items (a password sealed by <paramref name="seal"/>, if any) and queues the job; the status
    /// storing until every row is written tells a later activation whether they all were.</summary>
    private async Task QueueAsync(Caller caller, string kind, IReadOnlyList<AccountImportRow> items, Func<AccountImportRow, Task<byte[]?>> seal)
    {
        state.State = ImportJobProgress.Storing(caller, items.Count, time.Now) with { Kind = kind };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        var stored = new List<ImportStoredRow>(items.Count);
        foreach (var row in items)
        {
            stored.Add(new ImportStoredRow(row with { Password = "" }, ImportStoredRow.Pending, await seal(row), null));
        }

        await rows.PutAsync(TenantId, LocalId, stored);
        state.State = ImportJobProgress.Queued(Job);
        await state.WriteStateAsync();
        LogQueued(logger, TenantId, LocalId, kind, Job.Total);
        Arm();
    }

    private async Task FinishAsync(ImportJobState finished)
    {
        state.State = finished;
        await state.WriteStateAsync();
        _timer?.Dispose();
        _timer = null;
        await this.RegisterOrUpdateReminder(ResumeReminder, ImportJobProgress.Retention, TimeSpan.FromDays(1));
    }

    private void Arm() =>
        _timer ??= this.RegisterGrainTimer(_ => RunAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, ChunkPause) { KeepAlive = true });

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private SecretContext PasswordContext(int line) => new(TenantId, "import", LocalId + "|" + line.ToString(CultureInfo.InvariantCulture), "password");

    private AccountImportJob View(System.Collections.Immutable.ImmutableArray<ImportLineResult> lines, int? next, ImportJobState? job = null)
    {
        job ??= Job;
        return new AccountImportJob(LocalId, job.Status, job.Total, job.Done, job.Created, job.Failed, job.QueuedAt, job.FinishedAt, lines, next)
        {
            Failure = job.Failure,
            Kind = job.Kind,
        };
    }

    private static ImportLineResult Result(ImportStoredRow stored) =>
        new(stored.Row.Line, stored.Row.Id, stored.Phase == ImportStoredRow.Created, stored.Problem) { Username = stored.Row.Username };

    [LoggerMessage(Level = LogLevel.Information, Message = "Import job {TenantId}/{JobId} ({Kind}) queued with {Total} lines")]
    private static partial void LogQueued(ILogger logger, string tenantId, string jobId, string kind, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {TenantId}/{JobId}: a chunk failed ({Error}); it is tried again")]
    private static partial void LogRetry(ILogger logger, string tenantId, string jobId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import job {TenantId}/{JobId} {Status}: {Created} created, {Failed} refused")]
    private static partial void LogFinished(ILogger logger, string tenantId, string jobId, string status, int created, int failed);
}
