namespace Kagi.Domain.Import;

/// <summary>
/// An import job's grain state: only status and counts, never rows, so it stays the same size whatever the file.
/// The rows and their results live in the import table; <see cref="LastLine"/> is the cursor into it: every line up
/// to it is decided and recorded there.
/// </summary>
[GenerateSerializer, Alias("kagi.state.ImportJob")]
public sealed record ImportJobState
{
    /// <summary>Empty while no job was started under this id; else one of <see cref="ImportJobStatus"/>.</summary>
    [Id(0)] public string Status { get; init; } = "";

    /// <summary>The admin who started the job: each line is registered in their name, as a single registration is.</summary>
    [Id(1)] public Caller? StartedBy { get; init; }
    [Id(2)] public int Total { get; init; }
    [Id(3)] public int Done { get; init; }
    [Id(4)] public int Created { get; init; }
    [Id(5)] public int Failed { get; init; }
    [Id(6)] public int LastLine { get; init; }
    [Id(7)] public DateTimeOffset QueuedAt { get; init; }
    [Id(8)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the job as a whole stopped (status failed), in English; never a secret.</summary>
    [Id(9)] public string? Failure { get; init; }

    /// <summary>One of <see cref="ImportJobKind"/>; jobs stored before adoptions were jobs are files.</summary>
    [Id(170)] public string Kind { get; init; } = ImportJobKind.File;

    public bool Exists => Status.Length > 0;
}
