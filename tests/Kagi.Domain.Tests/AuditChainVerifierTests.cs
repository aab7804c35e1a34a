using System.Security.Cryptography;
using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>Verifying a stored log: every kind of tampering is caught and the oldest broken record named.</summary>
public sealed class AuditChainVerifierTests
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly CheckpointSigner Signer = new("acme", RandomNumberGenerator.GetBytes(32));

    private static List<AuditRecord> Chain(int length, long first = 1, string? previous = null)
    {
        var records = new List<AuditRecord>();
        previous ??= AuditChain.GenesisHash;
        for (var sequence = first; sequence < first + length; sequence++)
        {
            var record = AuditChain.Link(sequence, new AuditEvent(Start.AddMinutes(sequence), "alice", "account.checkout", "db", "success", null, null), previous);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }

    /// <summary>Verifies rows as storage returns them: (position, record), newest first.</summary>
    private static AuditVerification Verify(
        IEnumerable<(long Position, AuditRecord Record)> rows, IEnumerable<AuditCheckpoint>? checkpoints = null, AuditCheckpoint? anchor = null, long knownHead = 0)
    {
        var verifier = new AuditChainVerifier(Signer, checkpoints ?? [], anchor, knownHead);
        foreach (var (position, record) in rows.OrderByDescending(r => r.Position))
        {
            verifier.Observe(position, record);
        }

        return verifier.Finish();
    }

    private static IEnumerable<(long, AuditRecord)> Rows(IEnumerable<AuditRecord> records) => records.Select(r => (r.Sequence, r));

    [Fact]
    public void An_untouched_log_is_valid_and_counted()
    {
        var records = Chain(10);

        var result = Verify(Rows(records), [Signer.Sign(10, records[^1].Hash, Start)], knownHead: 10);

        Assert.True(result.Valid);
        Assert.Equal(10, result.Records);
        Assert.Null(result.FirstBroken);
        Assert.Null(result.Problem);
        Assert.Equal(1, result.Checkpoints);
    }

    [Fact]
    public void An_empty_log_is_valid()
    {
        var result = Verify([]);

        Assert.True(result.Valid);
        Assert.Equal(0, result.Records);
    }

    [Fact]
    public void An_edited_record_is_named_as_altered()
    {
        var records = Chain(10);
        records[3] = records[3] with { Event = records[3].Event with { Actor = "mallory" } };

        var result = Verify(Rows(records));

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBroken);
        Assert.Equal(AuditBreaks.Altered, result.Problem);
    }

    [Fact]
    public void An_edited_and_rehashed_record_is_named_as_unlinked()
    {
        var records = Chain(10);
        records[3] = AuditChain.Link(4, records[3].Event with { Actor = "mallory" }, records[2].Hash);

        var result = Verify(Rows(records));

        Assert.Equal(4, result.FirstBroken);
        Assert.Equal(AuditBreaks.Unlinked, result.Problem);
    }

    [Fact]
    public void A_rewritten_tail_is_caught_by_a_signed_checkpoint()
    {
        var records = Chain(10);
        var checkpoint = Signer.Sign(8, records[7].Hash, Start);
        // Rewrite everything from 6 on, consistently rehashed: only the checkpoint can tell.
        var forged = Chain(5, first: 6, previous: records[4].Hash).Select(r => r with { Event = r.Event with { Actor = "mallory" } }).ToList();
        var rehashed = new List<AuditRecord>();
        var previous = records[4].Hash;
        foreach (var r in forged)
        {
            var linked = AuditChain.Link(r.Sequence, r.Event, previous);
            rehashed.Add(linked);
            previous = linked.Hash;
        }

        var result = Verify(Rows(records.Take(5).Concat(rehashed)), [checkpoint]);

        Assert.False(result.Valid);
        Assert.Equal(8, result.FirstBroken);
        Assert.Equal(AuditBreaks.CheckpointMismatch, result.Problem);
    }

    [Fact]
    public void A_deleted_record_is_named_as_missing()
    {
        var records = Chain(10);
        records.RemoveAt(4);

        var result = Verify(Rows(records));

        Assert.Equal(5, result.FirstBroken);
        Assert.Equal(AuditBreaks.Missing, result.Problem);
    }

    [Fact]
    public void Deleting_the_oldest_record_is_caught_against_the_genesis()
    {
        var records = Chain(10);
        records.RemoveAt(0);

        var result = Verify(Rows(records));

        Assert.Equal(1, result.FirstBroken);
        Assert.Equal(AuditBreaks.Missing, result.Problem);
    }

    [Fact]
    public void Swapped_rows_are_named_as_out_of_order()
    {
        var records = Chain(10);
        var rows = Rows(records).ToList();
        rows[3] = (4, records[4]);
        rows[4] = (5, records[3]);

        var result = Verify(rows);

        Assert.Equal(4, result.FirstBroken);
        Assert.Equal(AuditBreaks.OutOfOrder, result.Problem);
    }

    [Fact]
    public void Cutting_off_the_newest_records_is_caught_by_a_checkpoint()
    {
        var records = Chain(10);
        var checkpoint = Signer.Sign(10, records[^1].Hash, Start);

        var result = Verify(Rows(records.Take(7)), [checkpoint]);

        Assert.Equal(8, result.FirstBroken);
        Assert.Equal(AuditBreaks.Truncated, result.Problem);
    }

    [Fact]
    public void Cutting_off_the_newest_records_is_caught_against_the_writers_known_head()
    {
        var records = Chain(10);

        var result = Verify(Rows(records.Take(9)), knownHead: 10);

        Assert.Equal(10, result.FirstBroken);
        Assert.Equal(AuditBreaks.Truncated, result.Problem);
    }

    [Fact]
    public void A_forged_checkpoint_is_named()
    {
        var records = Chain(10);
        var other = new CheckpointSigner("acme", RandomNumberGenerator.GetBytes(32));

        var result = Verify(Rows(records), [other.Sign(6, records[5].Hash, Start)]);

        Assert.Equal(6, result.FirstBroken);
        Assert.Equal(AuditBreaks.BadSignature, result.Problem);
    }

    [Fact]
    public void The_oldest_of_several_breaks_is_named()
    {
        var records = Chain(10);
        records[7] = records[7] with { Event = records[7].Event with { Result = "failure" } };
        records.RemoveAt(2);

        var result = Verify(Rows(records));

        Assert.Equal(3, result.FirstBroken);
    }

    [Fact]
    public void After_a_purge_the_log_is_valid_from_its_signed_anchor()
    {
        var records = Chain(10);
        var anchor = Signer.Sign(4, records[3].Hash, Start);

        var result = Verify(Rows(records.Skip(4)), [Signer.Sign(2, records[1].Hash, Start)], anchor, knownHead: 10);

        Assert.True(result.Valid);
        Assert.Equal(6, result.Records);
        Assert.Equal(4, result.AnchorSequence);
    }

    [Fact]
    public void After_a_purge_a_record_that_does_not_follow_the_anchor_is_caught()
    {
        var records = Chain(10);
        var anchor = Signer.Sign(4, records[3].Hash, Start);

        Assert.Equal(AuditBreaks.Missing, Verify(Rows(records.Skip(5)), anchor: anchor).Problem);
        var forgedAnchor = Signer.Sign(4, records[2].Hash, Start);
        var unlinked = Verify(Rows(records.Skip(4)), anchor: forgedAnchor);
        Assert.Equal(5, unlinked.FirstBroken);
        Assert.Equal(AuditBreaks.Unlinked, unlinked.Problem);
    }

    [Fact]
    public void A_checkpoint_only_verifies_for_its_own_tenant_and_content()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var acme = new CheckpointSigner("acme", seed);
        var checkpoint = acme.Sign(5, new string('a', 64), Start);

        Assert.True(acme.IsGenuine(checkpoint));
        Assert.False(new CheckpointSigner("globex", seed).IsGenuine(checkpoint));
        Assert.False(acme.IsGenuine(checkpoint with { Sequence = 6 }));
        Assert.False(acme.IsGenuine(checkpoint with { Hash = new string('b', 64) }));
        Assert.False(acme.IsGenuine(checkpoint with { Time = Start.AddSeconds(1) }));
        Assert.False(acme.IsGenuine(checkpoint with { Signature = "not base64!" }));
        Assert.Equal(acme.PublicKey, new CheckpointSigner("acme", seed).PublicKey);
    }
}
