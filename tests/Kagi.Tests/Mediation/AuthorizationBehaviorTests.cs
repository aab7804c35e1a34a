using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>The authorization behavior lets through only what a request's declared access allows.</summary>
public sealed class AuthorizationBehaviorTests
{
    public sealed record Unclassified(string TenantId) : IRequest<Unit>, ITenantRequest;

    [AnyRole]
    public sealed record ForAnyMember(string TenantId) : IRequest<Unit>, ITenantRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record ForAdmins(string TenantId) : IRequest<Unit>, ITenantRequest;

    private static readonly Caller Bob = new("acme", "bob", [KagiRoles.User], null);

    [Fact]
    public async Task A_request_it_cannot_classify_is_refused_even_for_the_operator_and_a_signed_in_admin()
    {
        var callers = new Callers(new Caller("acme", "alice", [.. KagiRoles.All], null), IsOperator: true);
        var reached = false;

        var refusal = await Assert.ThrowsAsync<KagiException>(() =>
            new AuthorizationBehavior<Unclassified, Unit>(callers).Handle(new Unclassified("acme"), CancellationToken.None, Next(() => reached = true)));

        Assert.Equal(ProblemCode.Forbidden, refusal.Code);
        Assert.False(reached);
    }

    [Fact]
    public async Task Any_member_of_the_tenant_passes_an_any_role_request_and_only_an_admin_passes_an_admin_request()
    {
        var reached = 0;

        await new AuthorizationBehavior<ForAnyMember, Unit>(new Callers(Bob)).Handle(new ForAnyMember("acme"), CancellationToken.None, Next(() => reached++));
        var refusal = await Assert.ThrowsAsync<KagiException>(() =>
            new AuthorizationBehavior<ForAdmins, Unit>(new Callers(Bob)).Handle(new ForAdmins("acme"), CancellationToken.None, Next(() => reached++)));
        var stranger = await Assert.ThrowsAsync<KagiException>(() =>
            new AuthorizationBehavior<ForAnyMember, Unit>(new Callers(null)).Handle(new ForAnyMember("acme"), CancellationToken.None, Next(() => reached++)));

        Assert.Equal(1, reached);
        Assert.Equal(ProblemCode.Forbidden, refusal.Code);
        Assert.Equal(ProblemCode.Unauthenticated, stranger.Code);
    }

    private static RequestHandlerDelegate<Unit> Next(Action reached) => () =>
    {
        reached();
        return Task.FromResult(Unit.Value);
    };

    private sealed record Callers(Caller? Caller, bool IsOperator = false) : ICallerContext
    {
        public string? IpAddress => "192.0.2.1";
        public string? UserAgent => null;
        public string? SessionKey => null;
        public bool IsApiToken => false;
        public SessionRestriction Restriction => SessionRestriction.None;
    }
}
