using Kagi.Audit;
using Kagi.Domain.Audit;
using Xunit;

namespace Kagi.Tests.Domain;

/// <summary>The tenant's audit hash chain: linking, verification and tamper evidence.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static AuditEvent Event(int i = 0) =>
        new(Start.AddMinutes(i), "alice", "account.checkout", $"db-prod-sa/{i}", "ok", "10.0.0.7", $"request req-{i}");

    private static List<AuditRecord> Chain(int length)
    {
        var records = new List<AuditRecord>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= length; i++)
        {
            var record = AuditChain.Link(i, Event(i), previous);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }

    private static bool ChainIsIntact(IReadOnlyList<AuditRecord> records)
    {
        var previous = AuditChain.GenesisHash;
        foreach (var record in records)
        {
            if (!AuditChain.IsIntact(record, previous))
            {
                return false;
            }

            previous = record.Hash;
        }

        return true;
    }

    [Fact]
    public void The_genesis_hash_is_64_zeros()
    {
        Assert.Equal(new string('0', 64), AuditChain.GenesisHash);
    }

    [Fact]
    public void Each_record_points_at_the_hash_of_the_one_before()
    {
        var records = Chain(5);

        Assert.Equal(AuditChain.GenesisHash, records[0].PreviousHash);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
        }

        Assert.Equal(records.Count, records.Select(r => r.Hash).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Hashes_are_lowercase_hex_sha256()
    {
        var record = AuditChain.Link(1, Event(), AuditChain.GenesisHash);

        Assert.Matches("^[0-9a-f]{64}$", record.Hash);
    }

    [Fact]
    public void Hashing_is_deterministic()
    {
        Assert.Equal(
            AuditChain.Link(1, Event(), AuditChain.GenesisHash).Hash,
            AuditChain.Link(1, Event(), AuditChain.GenesisHash).Hash);
    }

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var records = Chain(10);

        Assert.All(records.Select((r, i) => (r, i)), x =>
            Assert.True(AuditChain.IsIntact(x.r, x.i == 0 ? AuditChain.GenesisHash : records[x.i - 1].Hash)));
        Assert.True(ChainIsIntact(records));
    }

    public static TheoryData<string> Tampers => new()
    {
        "time", "actor", "action", "subject", "result", "ip", "detail",
        "subject-null", "ip-null", "detail-null", "sequence", "previous-hash", "hash",
    };

    [Theory]
    [MemberData(nameof(Tampers))]
    public void Changing_any_part_of_a_record_breaks_the_chain(string tamper)
    {
        var records = Chain(3);
        var r = records[1];
        var e = r.Event;
        records[1] = tamper switch
        {
            "time" => r with { Event = e with { Time = e.Time.AddTicks(1) } },
            "actor" => r with { Event = e with { Actor = "mallory" } },
            "action" => r with { Event = e with { Action = "account.checkin" } },
            "subject" => r with { Event = e with { Subject = e.Subject + "x" } },
            "result" => r with { Event = e with { Result = "denied" } },
            "ip" => r with { Event = e with { IpAddress = "10.0.0.8" } },
            "detail" => r with { Event = e with { Detail = "" } },
            "subject-null" => r with { Event = e with { Subject = null } },
            "ip-null" => r with { Event = e with { IpAddress = null } },
            "detail-null" => r with { Event = e with { Detail = null } },
            "sequence" => r with { Sequence = r.Sequence + 1 },
            "previous-hash" => r with { PreviousHash = AuditChain.GenesisHash },
            "hash" => r with { Hash = records[0].Hash },
            _ => throw new ArgumentOutOfRangeException(nameof(tamper)),
        };

        Assert.False(AuditChain.IsIntact(records[1], records[0].Hash));
        Assert.False(ChainIsIntact(records));
    }

    [Fact]
    public void A_record_rehashed_after_tampering_breaks_the_next_link()
    {
        var records = Chain(3);
        records[1] = AuditChain.Link(2, Event(2) with { Actor = "mallory" }, records[0].Hash);

        Assert.True(AuditChain.IsIntact(records[1], records[0].Hash));
        Assert.False(AuditChain.IsIntact(records[2], records[1].Hash));
        Assert.False(ChainIsIntact(records));
    }

    [Fact]
    public void Removing_a_record_breaks_the_chain()
    {
        var records = Chain(4);
        records.RemoveAt(1);

        Assert.False(ChainIsIntact(records));
    }

    [Fact]
    public void Swapping_two_records_breaks_the_chain()
    {
        var records = Chain(4);
        (records[1], records[2]) = (records[2], records[1]);

        Assert.False(ChainIsIntact(records));
    }

    [Fact]
    public void Shifting_text_across_a_field_boundary_changes_the_hash()
    {
        var e = Event();
        var pairs = new (AuditEvent, AuditEvent)[]
        {
            (e with { Actor = "ab", Action = "c" }, e with { Actor = "a", Action = "bc" }),
            (e with { Subject = "x|", Result = "ok" }, e with { Subject = "x", Result = "|ok" }),
            (e with { IpAddress = "1:", Detail = "2" }, e with { IpAddress = "1", Detail = ":2" }),
            (e with { Result = "ok|3:abc", IpAddress = null }, e with { Result = "ok", IpAddress = "abc" }),
            (e with { Subject = null }, e with { Subject = "" }),
            (e with { Subject = null }, e with { Subject = "-1" }),
            (e with { Detail = null }, e with { Detail = "" }),
        };

        foreach (var (a, b) in pairs)
        {
            Assert.NotEqual(a, b);
            Assert.NotEqual(
                AuditChain.ComputeHash(1, a, AuditChain.GenesisHash),
                AuditChain.ComputeHash(1, b, AuditChain.GenesisHash));
        }
    }

    [Fact]
    public void Non_ascii_text_is_hashed_unambiguously()
    {
        var e = Event();

        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { Actor = "é", Action = "x" }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { Actor = "e\u0301", Action = "x" }, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { Actor = "鍵a", Action = "b" }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { Actor = "鍵", Action = "ab" }, AuditChain.GenesisHash));
    }

    [Fact]
    public void The_same_instant_in_another_offset_hashes_the_same()
    {
        var utc = Event();
        var tokyo = utc with { Time = utc.Time.ToOffset(TimeSpan.FromHours(9)) };

        Assert.Equal(
            AuditChain.ComputeHash(1, utc, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, tokyo, AuditChain.GenesisHash));
    }

    [Fact]
    public void Sequence_and_previous_hash_are_part_of_the_hash()
    {
        var e = Event();
        var baseline = AuditChain.ComputeHash(1, e, AuditChain.GenesisHash);

        Assert.NotEqual(baseline, AuditChain.ComputeHash(2, e, AuditChain.GenesisHash));
        Assert.NotEqual(baseline, AuditChain.ComputeHash(1, e, new string('1', 64)));
    }
}
