using System.Globalization;
using Kagi.Domain.Import;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Import;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// Load → decide (<see cref="ImportJobProgress"/>) → persist → schedule. The file's rows go to the import table
/// (<see cref="ImportRowStore"/>, passwords sealed); a timer then takes one chunk at a time: it marks the chunk's new
/// lines attempting, registers them in parallel (each at its turn on its target's pacing), stores each line's result
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
        EnsureAdmin(caller);
        if (Job.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Import job '{LocalId}' was already started.");
        }

        var (parsed, malformed) = AccountImportFile.Read(csv);
        if (malformed.Count > 0)
        {
            return new AccountImportStart(null, [.. malformed]);
        }

        state.State = ImportJobProgress.Storing(caller, parsed.Count, time.Now);
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        var stored = new List<ImportStoredRow>(parsed.Count);
        foreach (var row in parsed)
        {
            stored.Add(new ImportStoredRow(row with { Password = "" }, ImportStoredRow.Pending, await vault.SealAsync(row.Password, PasswordContext(row.Line)), null));
        }

        await rows.PutAsync(TenantId, LocalId, stored);
        state.State = ImportJobProgress.Queued(Job);
        await state.WriteStateAsync();
        LogQueued(logger, TenantId, LocalId, Job.Total);
        Arm();
        return new AccountImportStart(View([], null), []);
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

    /// <summary>Registers one line as its starter would, waiting out the target's pacing and the tenant's pacing of
    /// login tries; the row comes back decided and without its password.</summary>
    private async Task<ImportStoredRow> DecideAsync(ImportStoredRow stored)
    {
        if (stored.IsDecided)
        {
            return stored;
        }

        var row = stored.Row;
        var starter = Job.StartedBy!;
        var account = GrainFactory.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(TenantId, row.Id));
        try
        {
            await WaitForTurnAsync(row.TargetId);
            var password = await vault.OpenAsync(stored.SealedPassword!, PasswordContext(row.Line));
            await RegisterAsync(account, starter, new AccountRegistration(row.TargetId, row.Username, password));
            return stored with { Phase = ImportStoredRow.Created, SealedPassword = null };
        }
        catch (KagiException e)
        {
            var resumed = stored.Phase == ImportStoredRow.Attempting;
            var existing = resumed && e.Code == ProblemCode.AlreadyExists ? await AccountAsync(account, starter) : null;
            var problem = ImportJobProgress.Refusal(row, e.Code, e.Message, resumed, existing?.TargetId, existing?.Username);
            return stored with { Phase = problem is null ? ImportStoredRow.Created : ImportStoredRow.Refused, SealedPassword = null, Problem = problem };
        }
    }

    private async Task WaitForTurnAsync(string targetId)
    {
        var turn = await GrainFactory.GetGrain<ITargetGrain>(GrainKeys.For(TenantId, targetId)).ReserveTurnAsync(Caller.System(TenantId));
        if (turn - time.Now is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, time);
        }
    }

    private async Task RegisterAsync(IPrivilegedAccountGrain account, Caller starter, AccountRegistration registration)
    {
        while (true)
        {
            try
            {
                await account.RegisterAsync(starter, registration);
                return;
            }
            catch (KagiException e) when (e.Code == ProblemCode.VerificationPaced)
            {
                // The tenant's failed login tries ran out: not the line's fault, so it waits and tries again.
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(1), time);
            }
        }
    }

    private static async Task<AccountInfo?> AccountAsync(IPrivilegedAccountGrain account, Caller caller)
    {
        try
        {
            return await account.GetAsync(caller);
        }
        catch (KagiException e) when (e.Code == ProblemCode.NotFound)
        {
            return null;
        }
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
        };
    }

    private static ImportLineResult Result(ImportStoredRow stored) =>
        new(stored.Row.Line, stored.Row.Id, stored.Phase == ImportStoredRow.Created, stored.Problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import job {TenantId}/{JobId} queued with {Total} lines")]
    private static partial void LogQueued(ILogger logger, string tenantId, string jobId, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {TenantId}/{JobId}: a chunk failed ({Error}); it is tried again")]
    private static partial void LogRetry(ILogger logger, string tenantId, string jobId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import job {TenantId}/{JobId} {Status}: {Created} created, {Failed} refused")]
    private static partial void LogFinished(ILogger logger, string tenantId, string jobId, string status, int created, int failed);
}
