using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// Checks a tenant's log as it is read from storage, newest first, one record at a time, so a log of
/// any length is verified in constant memory (apart from the checkpoints). It remembers the oldest
/// break: an auditor wants the first point from which the log cannot be trusted.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly Dictionary<long, AuditCheckpoint> _checkpoints = [];
    private readonly long _anchorSequence;
    private readonly string _anchorHash;
    private readonly long _knownHead;
    private readonly long _highestCheckpoint;
    private long _count;
    private long? _newest;
    private long? _expectedPosition;
    private string? _expectedHash;
    private bool _laterIsBroken;
    private long? _brokenAt;
    private string? _problem;

    /// <param name="signer">The tenant's checkpoint signer.</param>
    /// <param name="checkpoints">Every stored checkpoint, in any order.</param>
    /// <param name="anchor">The checkpoint the retained log starts after, or null: the genesis.</param>
    /// <param name="knownHead">The newest sequence number the writer knows it stored (0: unknown).</param>
    public AuditChainVerifier(CheckpointSigner signer, IEnumerable<AuditCheckpoint> checkpoints, AuditCheckpoint? anchor, long knownHead)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(checkpoints);
        _anchorSequence = anchor?.Sequence ?? 0;
        _anchorHash = anchor?.Hash ?? AuditChain.GenesisHash;
        _knownHead = knownHead;
        if (anchor is not null && !signer.IsGenuine(anchor))
        {
            Break(anchor.Sequence + 1, AuditBreaks.BadSignature);
        }

        foreach (var checkpoint in checkpoints.Where(c => c.Sequence > _anchorSequence))
        {
            if (!signer.IsGenuine(checkpoint))
            {
                Break(checkpoint.Sequence, AuditBreaks.BadSignature);
                continue;
            }

            _checkpoints[checkpoint.Sequence] = checkpoint;
            _highestCheckpoint = Math.Max(_highestCheckpoint, checkpoint.Sequence);
        }
    }

    /// <summary>Feeds the next older record, stored at <paramref name="position"/> (its row's place in the log).</summary>
    public void Observe(long position, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _count++;
        _newest ??= position;
        var problem = record.Sequence != position ? AuditBreaks.OutOfOrder
            : record.Hash != AuditChain.ComputeHash(record.Sequence, record.Event, record.PreviousHash) ? AuditBreaks.Altered
            : _checkpoints.TryGetValue(position, out var checkpoint) && checkpoint.Hash != record.Hash ? AuditBreaks.CheckpointMismatch
            : null;
        if (problem is not null)
        {
            Break(position, problem);
        }

        if (_expectedPosition is { } expected)
        {
            if (position < expected)
            {
                Break(position + 1, AuditBreaks.Missing);
            }
            else if (record.Hash != _expectedHash && !_laterIsBroken)
            {
                // The newer record is sound on its own, so this one was rewritten (and rehashed).
                Break(position, AuditBreaks.Unlinked);
            }
        }

        _expectedPosition = position - 1;
        _expectedHash = record.PreviousHash;
        _laterIsBroken = problem is not null;
    }

    /// <summary>Checks the two ends of the log and gives the verdict.</summary>
    public AuditVerification Finish()
    {
        var head = _newest ?? _anchorSequence;
        if (_expectedPosition is { } oldestMinusOne)
        {
            if (oldestMinusOne > _anchorSequence)
            {
                Break(_anchorSequence + 1, AuditBreaks.Missing);
            }
            else if (oldestMinusOne == _anchorSequence && _expectedHash != _anchorHash)
            {
                Break(_anchorSequence + 1, AuditBreaks.Unlinked);
            }
        }

        if (Math.Max(_highestCheckpoint, _knownHead) > head)
        {
            Break(head + 1, AuditBreaks.Truncated);
        }

        return new AuditVerification(_brokenAt is null, _count, _brokenAt, _problem, _anchorSequence, _checkpoints.Count);
    }

    private void Break(long sequence, string problem)
    {
        if (_brokenAt is null || sequence < _brokenAt)
        {
            _brokenAt = sequence;
            _problem = problem;
        }
    }
}
