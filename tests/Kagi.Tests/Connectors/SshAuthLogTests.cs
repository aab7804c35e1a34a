using Kagi.Connectors;
using Xunit;

namespace Kagi.Tests.Connectors;

public sealed class SshAuthLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_rsyslog_RFC3339_line_gives_time_user_and_address()
    {
        Assert.True(SshAuthLog.TryParse(
            "2026-11-27T05:01:02.123456+01:00 web1 sshd[4242]: Accepted password for alice from 192.0.2.7 port 50123 ssh2", Now, out var login));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 4, 1, 2, 123, TimeSpan.Zero).AddTicks(4560), login.Time);
        Assert.Equal("alice", login.Username);
        Assert.Equal("192.0.2.7", login.SourceAddress);
        Assert.Equal(50123, login.SourcePort);
    }

    [Fact]
    public void A_traditional_syslog_line_is_taken_as_UTC_in_the_current_year()
    {
        Assert.True(SshAuthLog.TryParse("Nov  7 05:01:02 web1 sshd[1]: Accepted publickey for bob from 2001:db8::1 port 22 ssh2: ED25519 SHA256:x", Now, out var login));

        Assert.Equal(new DateTimeOffset(2026, 11, 7, 5, 1, 2, TimeSpan.Zero), login.Time);
        Assert.Equal("bob", login.Username);
        Assert.Equal("2001:db8::1", login.SourceAddress);
    }

    [Fact]
    public void A_traditional_time_later_than_tomorrow_belongs_to_last_year()
    {
        var newYear = new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero);

        Assert.True(SshAuthLog.TryParse("Dec 31 23:59:58 web1 sshd[1]: Accepted password for carol from 10.0.0.1 port 1 ssh2", newYear, out var login));

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.Zero), login.Time);
    }

    [Theory]
    [InlineData("2026-11-27T05:01:02+00:00 web1 sshd[1]: Failed password for alice from 10.0.0.1 port 1 ssh2")]
    [InlineData("2026-11-27T05:01:02+00:00 web1 sshd[1]: Accepted password for invalid")]
    [InlineData("2026-11-27T05:01:02+00:00 web1 logger: sshd[1]: Accepted password for mallory from 10.0.0.1 port 1 ssh2")]
    [InlineData("2026-11-27T05:01:02+00:00 web1 cron[1]: Accepted password for mallory from 10.0.0.1 port 1 ssh2")]
    [InlineData("garbage Accepted password for mallory from 10.0.0.1 port 1 ssh2")]
    [InlineData("")]
    public void Lines_that_are_not_sshd_accepting_a_login_are_skipped(string line) =>
        Assert.False(SshAuthLog.TryParse(line, Now, out _));

    [Fact]
    public void OpenSSH_9_8_sshd_session_lines_count()
    {
        Assert.True(SshAuthLog.TryParse("2026-11-27T05:01:02Z web1 sshd-session[7]: Accepted keyboard-interactive/pam for dave from 10.0.0.9 port 1 ssh2", Now, out var login));
        Assert.Equal("dave", login.Username);
    }

    [Fact]
    public void Parse_keeps_events_at_or_after_since_oldest_first()
    {
        string[] lines =
        [
            "2026-11-27T05:00:03+00:00 h sshd[1]: Accepted password for late from 10.0.0.3 port 1 ssh2",
            "2026-11-27T05:00:01+00:00 h sshd[1]: Accepted password for early from 10.0.0.1 port 1 ssh2",
            "2026-11-27T05:00:02+00:00 h sshd[1]: Accepted password for edge from 10.0.0.2 port 1 ssh2",
        ];

        var events = SshAuthLog.Parse(lines, new DateTimeOffset(2026, 11, 27, 5, 0, 2, TimeSpan.Zero), Now);

        Assert.Equal(["edge", "late"], events.Select(e => e.Username));
    }

    [Theory]
    [InlineData("127.0.0.1 54321 127.0.0.1 22\n", "127.0.0.1", 54321)]
    [InlineData("2001:db8::7 40000 2001:db8::1 2222", "2001:db8::7", 40000)]
    public void SSH_CONNECTION_gives_the_client_address_and_port(string value, string address, int port)
    {
        Assert.True(SshConnectionVariable.TryParse(value, out var parsedAddress, out var parsedPort));
        Assert.Equal((address, port), (parsedAddress, parsedPort));
    }

    [Theory]
    [InlineData("")]
    [InlineData("This account is currently not available.")]
    [InlineData("127.0.0.1 54321 127.0.0.1")]
    [InlineData("127.0.0.1 99999 127.0.0.1 22")]
    [InlineData("host.example 54321 127.0.0.1 22")]
    [InlineData("127.0.0.1 54321 127.0.0.1 22 extra")]
    public void Anything_but_a_well_formed_SSH_CONNECTION_gives_no_endpoint(string value) =>
        Assert.False(SshConnectionVariable.TryParse(value, out _, out _));
}
