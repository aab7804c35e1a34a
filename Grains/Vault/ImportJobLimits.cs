namespace Kagi.Vault;

/// <summary>How an import job works through its rows; tests make the chunk small to see many chunks.</summary>
/// <param name="ChunkSize">Lines read, registered and recorded together; the job's cursor moves a chunk at a time.</param>
/// <param name="Parallelism">Lines of a chunk registered at once (each still waits for its turn on the target's pacing).</param>
public sealed record ImportJobLimits(int ChunkSize, int Parallelism)
{
    public static ImportJobLimits Default { get; } = new(ChunkSize: 50, Parallelism: 8);
}
