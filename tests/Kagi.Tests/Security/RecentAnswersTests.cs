using System.Collections.Immutable;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Kagi.Tenancy;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kagi.Tests.Security;

/// <summary>The Frontend's kept answers (issue 15, P1): a revocation takes effect within a second, whatever is kept.</summary>
public sealed class RecentAnswersTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero));
    private readonly RecentAnswers _answers;
    private int _asked;

    public RecentAnswersTests() => _answers = new RecentAnswers(_time);

    private SessionInfo Session(string tenant = "acme", TimeSpan? lifetime = null) =>
        new(tenant, "bob", ["user"], _time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(8)));

    private Task<SessionInfo?> AskAsync(string key, SessionInfo? answer, Action? whileAsking = null) =>
        _answers.SessionAsync(key, () =>
        {
            _asked++;
            whileAsking?.Invoke();
            return Task.FromResult(answer);
        });

    [Fact]
    public async Task A_valid_session_is_asked_once_a_second_and_a_revocation_holds_once_the_second_is_over()
    {
        Assert.NotNull(await AskAsync("acme/h1", Session()));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotNull(await AskAsync("acme/h1", Session()));
        Assert.Equal(1, _asked);

        // Revoked meanwhile: the grain now answers null, and a second after the first answer was asked for, it is asked.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await AskAsync("acme/h1", null));
        Assert.Equal(2, _asked);
        Assert.Null(await AskAsync("acme/h1", null));
        Assert.Equal(3, _asked);
    }

    [Fact]
    public async Task An_answer_counts_from_when_it_was_asked_for_not_from_when_it_came_back()
    {
        await AskAsync("acme/h1", Session(), whileAsking: () => _time.Advance(TimeSpan.FromMilliseconds(700)));
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Null(await AskAsync("acme/h1", null));
        Assert.Equal(2, _asked);
    }

    [Fact]
    public async Task A_session_is_never_kept_past_its_own_expiry()
    {
        await AskAsync("acme/h1", Session(lifetime: TimeSpan.FromMilliseconds(200)));
        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Null(await AskAsync("acme/h1", null));
        Assert.Equal(2, _asked);
    }

    [Fact]
    public async Task A_change_of_the_tenant_through_this_frontend_sets_aside_its_answers_at_once_and_only_its()
    {
        await AskAsync("acme/h1", Session());
        await AskAsync("globex/h2", Session("globex"));
        var admissions = 0;
        Task<TenantAdmission> Admit(TenantAdmission answer) => _answers.AdmissionAsync("acme", "192.0.2.1", ["user"], () =>
        {
            admissions++;
            return Task.FromResult(answer);
        });
        await Admit(TenantAdmission.Admitted);

        _answers.Changed("acme");

        Assert.Null(await AskAsync("acme/h1", null));
        Assert.NotNull(await AskAsync("globex/h2", Session("globex")));
        Assert.Equal(3, _asked);
        Assert.Equal(TenantAdmission.Suspended, await Admit(TenantAdmission.Suspended));
        Assert.Equal(2, admissions);
    }

    [Fact]
    public async Task A_change_finished_while_an_answer_was_being_asked_for_sets_that_answer_aside()
    {
        await AskAsync("acme/h1", Session(), whileAsking: () => _answers.Changed("acme"));

        await AskAsync("acme/h1", Session());
        Assert.Equal(2, _asked);
    }

    [Fact]
    public async Task Unknown_or_ended_sessions_are_never_kept()
    {
        await AskAsync("acme/h1", null);
        await AskAsync("acme/h1", null);

        Assert.Equal(2, _asked);
        Assert.Equal(0, _answers.Count.Sessions);
    }

    [Fact]
    public async Task Admission_is_kept_per_address_and_roles()
    {
        var asked = new List<string>();
        Task<TenantAdmission> Admit(string ip, ImmutableArray<string>? roles) => _answers.AdmissionAsync("acme", ip, roles, () =>
        {
            asked.Add($"{ip} {(roles is { } r ? string.Join(',', r) : "anonymous")}");
            return Task.FromResult(TenantAdmission.Admitted);
        });

        await Admit("192.0.2.1", ["user"]);
        await Admit("192.0.2.1", ["user"]);
        await Admit("192.0.2.2", ["user"]);
        await Admit("192.0.2.1", ["admin"]);
        await Admit("192.0.2.1", null);

        Assert.Equal(["192.0.2.1 user", "192.0.2.2 user", "192.0.2.1 admin", "192.0.2.1 anonymous"], asked);
    }

    [Fact]
    public async Task Memory_is_bounded_however_many_sessions_come_within_a_second()
    {
        for (var i = 0; i <= RecentAnswers.Capacity * 2; i++)
        {
            await AskAsync($"t{i}/h", Session($"t{i}"));
        }

        Assert.InRange(_answers.Count.Sessions, 1, RecentAnswers.Capacity);
    }

    [Fact]
    public async Task When_more_tenants_change_within_a_second_than_can_be_tracked_no_earlier_answer_is_trusted()
    {
        await AskAsync("acme/h1", Session());
        for (var i = 0; i <= RecentAnswers.Capacity; i++)
        {
            _answers.Changed($"t{i}");
        }

        await AskAsync("acme/h1", Session());
        Assert.Equal(2, _asked);
    }
}
