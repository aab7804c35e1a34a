using Kagi.Errors;
using Kagi.Vault;

namespace Kagi.Domain.Import;

/// <summary>
/// How an import job moves: storing → queued → running → completed (or failed as a whole), counting each chunk of
/// decided lines once. A finished job's rows and state are kept <see cref="Retention"/> for its caller to read,
/// then removed.
/// </summary>
public static class ImportJobProgress
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static ImportJobState Storing(Caller startedBy, int total, DateTimeOffset now) =>
        new() { Status = ImportJobStatus.Storing, StartedBy = startedBy, Total = total, QueuedAt = now };

    public static ImportJobState Queued(ImportJobState job) => job with { Status = ImportJobStatus.Queued };

    /// <summary>Whether a timer should work on the job: it has lines left to decide.</summary>
    public static bool IsOpen(ImportJobState job) => job.Status is ImportJobStatus.Queued or ImportJobStatus.Running;

    /// <summary>A chunk of lines up to <paramref name="lastLine"/> is decided and recorded: count it once.</summary>
    public static ImportJobState Recorded(ImportJobState job, int lastLine, int created, int failed)
    {
        if (lastLine <= job.LastLine)
        {
            throw new ArgumentOutOfRangeException(nameof(lastLine), "A chunk is counted once, in line order.");
        }

        return job with
        {
            Status = ImportJobStatus.Running,
            LastLine = lastLine,
            Done = job.Done + created + failed,
            Created = job.Created + created,
            Failed = job.Failed + failed,
        };
    }

    /// <summary>No line is left after the cursor: completed when every line was decided, else failed (rows lost).</summary>
    public static ImportJobState Finished(ImportJobState job, DateTimeOffset now) =>
        job.Done == job.Total
            ? job with { Status = ImportJobStatus.Completed, FinishedAt = now }
            : Failed(job, $"{job.Total - job.Done} line(s) of the file were no longer stored; they were not imported.", now);

    public static ImportJobState Failed(ImportJobState job, string reason, DateTimeOffset now) =>
        job with { Status = ImportJobStatus.Failed, FinishedAt = now, Failure = reason };

    /// <summary>A job found still storing when its grain wakes was cut off before it was queued: nothing of it was imported.</summary>
    public static ImportJobState Interrupted(ImportJobState job, DateTimeOffset now) =>
        Failed(job with { Done = 0 }, "The file was not stored completely; nothing of it was imported. Send it again.", now);

    /// <summary>When a finished job's rows and state may go.</summary>
    public static DateTimeOffset? RemovableAt(ImportJobState job) => job.FinishedAt + Retention;

    /// <summary>
    /// The vault refused to register a line: what the line's result says. An account that exists is this job's own
    /// when the line was already being registered before a restart and the account is the line's (same target and
    /// username); that line counts as created, so no line is imported twice nor refused for its own earlier success.
    /// </summary>
    public static ImportLineError? Refusal(AccountImportRow row, ProblemCode code, string message, bool resumed, string? existingTargetId, string? existingUsername)
    {
        ArgumentNullException.ThrowIfNull(row);
        return code switch
        {
            ProblemCode.AlreadyExists when resumed && existingTargetId == row.TargetId && existingUsername == row.Username => null,
            ProblemCode.AlreadyExists => ImportProblems.Exists(row.Line, row.Id),
            ProblemCode.NotFound => ImportProblems.NoTarget(row.Line, row.TargetId),
            ProblemCode.CredentialRejected => ImportProblems.PasswordRefused(row.Line, row.Username),
            _ => ImportProblems.Refused(row.Line, message),
        };
    }
}
