using Kagi.Frontend.Features.Auth;
using Kagi.Frontend.Features.Incidents;
using Kagi.Frontend.Features.Keys;
using Kagi.Frontend.Features.Requests;
using Kagi.Frontend.Features.Saml;
using Kagi.Frontend.Features.Sso;
using Kagi.Frontend.Features.Tenants;
using Kagi.Frontend.Mediation;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>
/// Issue 10, item 5: every request that changes state (any endpoint but a GET) is fail-closed: its
/// intent is stored after authorization and validation, or nothing is done. Read from the route
/// table, so a new endpoint is checked without anyone listing it.
/// </summary>
public sealed class FailClosedCoverageTests
{
    /// <summary>Where fail-closed is wrong, and why.</summary>
    private static readonly Dictionary<Type, string> Exceptions = new()
    {
        // There is no signed-in actor before a sign-in; its outcome is audited as the claimed name, and
        // refusing every sign-in while the audit store is down would lock out the people who must fix it.
        [typeof(Login.Command)] = "sign-in",
        // A SAML response is a sign-in like a password's (its outcome audited as auth.sso with the IdP), for the same reasons.
        [typeof(ConsumeAssertion.Command)] = "SAML sign-in",
        // Hands out a passkey challenge before anyone is signed in: part of a sign-in, which the login itself audits.
        [typeof(PasskeySignInOptions.Command)] = "passkey sign-in challenge",
        // Ending a session only ever takes access away: refusing it while the audit store is down
        // would keep alive a session its owner wants ended.
        [typeof(Logout.Command)] = "sign-out",
        // An identity provider's back-channel logout only takes access away, for the same reason; it has no actor of the
        // tenant either (the provider's server posts it), and the logout grain audits each user whose sessions it ended.
        [typeof(BackChannelLogout.Command)] = "identity provider's logout",
        // An envelope: each decision is a DecideRequest.Command sent through the whole pipeline, fail-closed on its own.
        [typeof(BulkDecide.Command)] = "bulk decisions",
        // The tenant's log does not exist until the tenant does, so there is nowhere to store an intent first.
        [typeof(CreateTenant.Command)] = "tenant creation",
        // Spans every tenant and belongs to none; the keyring grain records it in each tenant's log.
        [typeof(RotateKek.Command)] = "KEK rotation",
        // Spans the tenants it names and belongs to none; each tenant's incident grain records it in that
        // tenant's log before telling anyone there.
        [typeof(AnnounceIncident.Command)] = "operator incident announcement",
    };

    [Fact]
    public void Every_route_names_the_request_it_sends()
    {
        Assert.True(FrontendRoutes.All.Count > 50);
        Assert.Empty(FrontendRoutes.All.Where(route => route.RequestType is null).Select(route => route.ToString()));
    }

    [Fact]
    public void Every_request_that_changes_state_is_fail_closed_but_the_justified_exceptions()
    {
        var changing = FrontendRoutes.All.Where(route => route.Method != "GET").ToList();

        var notFailClosed = changing
            .Where(route => !typeof(IFailClosedRequest).IsAssignableFrom(route.RequestType) && !Exceptions.ContainsKey(route.RequestType!))
            .Select(route => $"{route} sends {route.RequestType?.FullName}");
        Assert.Empty(notFailClosed);
        // Each exception is still a route that changes state; a stale entry would hide nothing but mislead.
        Assert.All(Exceptions.Keys, type => Assert.Contains(changing, route => route.RequestType == type));
    }

    [Fact]
    public void Every_request_of_the_frontend_is_sent_by_some_route()
    {
        var sent = FrontendRoutes.All.Select(route => route.RequestType).ToHashSet();

        Assert.Empty(typeof(RequestAccess).Assembly.GetTypes().Where(RequestAccess.IsRequestType)
            .Where(type => !sent.Contains(type))
            .Select(type => type.FullName));
    }
}
