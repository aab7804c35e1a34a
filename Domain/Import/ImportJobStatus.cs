namespace Kagi.Domain.Import;

/// <summary>The statuses of an import job. <see cref="Storing"/> is never seen by a caller: a job still in it when its
/// grain wakes was cut off while its rows were being stored.</summary>
public static class ImportJobStatus
{
    public const string Storing = "storing";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
