using Kagi.Domain.Sso;
using Kagi.Domain.Sso.Saml;
using Kagi.Hosting;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Sso;

/// <summary>
/// One SAML sign-in, keyed <c>{tenant}/{relayState}</c>. Start: an AuthnRequest (<see cref="SamlAuthnRequest"/>) whose
/// id is kept in memory with the browser binding (<see cref="SamlFlow"/>). Complete (once): the flow's checks, the
/// response validated against the tenant's SP names and the IdP's configured certificates
/// (<see cref="SamlResponseValidator"/>), its assertion id spent in the tenant's replay cache, the attributes mapped
/// (<see cref="SamlSignIn"/>). Who may then sign in is the user grain's decision, as for OpenID Connect.
/// </summary>
public sealed partial class SamlSignInGrain(TimeProvider time, ILogger<SamlSignInGrain> logger) : TenantScopedGrain, ISamlSignInGrain
{
    private SamlFlow? _flow;

    public async Task<string> StartAsync(Caller caller, SamlStart start)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(start);
        if (_flow is not null)
        {
            throw new Errors.KagiException(Errors.ProblemCode.InvalidState, "This sign-in was already started.");
        }

        var provider = await ProviderAsync(start.ProviderId);
        if (provider?.Saml is not { } saml)
        {
            throw new Errors.KagiException(Errors.ProblemCode.NotFound, $"Identity provider '{start.ProviderId}' was not found.");
        }

        var sp = SamlServiceProvider.For(start.PublicUrl, TenantId);
        var now = time.GetUtcNow();
        var request = SamlAuthnRequest.Create(sp.EntityId, sp.AcsUrl, saml.SsoUrl, now, CryptoRandom.Shared);
        _flow = new SamlFlow(start, request.Id, now);
        return request.RedirectUrl(relayState: LocalId);
    }

    public async Task<SsoOutcome> CompleteAsync(Caller caller, SamlCallback callback)
    {
        EnsureSystem(caller);
        ArgumentNullException.ThrowIfNull(callback);
        DeactivateOnIdle();
        if (_flow is not { } flow)
        {
            return new SsoOutcome(null, SsoReasons.UnknownFlow, "This sign-in is unknown or finished; start again.", ForConsole: false);
        }

        var now = time.GetUtcNow();
        if (flow.Complete(callback.BindingHash, now) is { } reason)
        {
            return Refused(reason, "This sign-in expired, was already used or was started in another browser; start again.", flow);
        }

        var provider = await ProviderAsync(flow.Start.ProviderId);
        if (provider?.Saml is not { } saml)
        {
            return Refused(SsoReasons.ProviderUnknown, "The identity provider was removed meanwhile.", flow);
        }

        var sp = SamlServiceProvider.For(callback.PublicUrl, TenantId);
        var certificates = saml.Certificates();
        SamlValidation validation;
        try
        {
            validation = SamlResponseValidator.Validate(callback.SamlResponse, new SamlExpectations(sp.EntityId, sp.AcsUrl, saml.EntityId, certificates, flow.RequestId, SamlSignIn.AllowedSkew), now);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }

        if (validation.Assertion is not { } assertion)
        {
            LogResponseRejected(logger, TenantId, provider.Id, SamlRefusalReasons.Code(validation.Refusal!.Reason), validation.Refusal.Detail);
            return Refused(SamlSignIn.Reason(validation.Refusal.Reason), "The identity provider's answer did not pass Kagi's checks.", flow);
        }

        var replay = await GrainFactory.GetGrain<ISamlReplayGrain>(TenantId).UseAsync(Caller.System(TenantId), assertion.AssertionId, assertion.NotOnOrAfter);
        if (replay != SamlReplayOutcome.FirstUse)
        {
            return Refused(SsoReasons.Replayed, "This answer of the identity provider was already used; start again.", flow);
        }

        if (SamlSignIn.Identity(assertion, provider) is not { } identity)
        {
            var source = saml.UsernameAttribute is { } attribute ? $"'{attribute}' attribute" : "NameID";
            return Refused(SsoReasons.NoUsername, $"The identity provider sent no {source} that is a valid Kagi username.", flow);
        }

        return identity.Roles.IsEmpty
            ? new SsoOutcome(identity, SsoReasons.NoRole, "None of your groups at the identity provider gives a Kagi role; ask an administrator to map one.", flow.Start.ForConsole)
            : new SsoOutcome(identity, SsoReasons.Saml, null, flow.Start.ForConsole);
    }

    private Task<IdentityProviderState?> ProviderAsync(string providerId) =>
        GrainFactory.GetGrain<ISsoProvidersGrain>(TenantId).GetSealedAsync(Caller.System(TenantId), providerId);

    private static SsoOutcome Refused(string reason, string message, SamlFlow flow) =>
        new(null, reason, message, flow.Start.ForConsole) { ProviderId = flow.Start.ProviderId };

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAML provider {Provider} of tenant {Tenant}: response refused ({Reason}): {Detail}")]
    private static partial void LogResponseRejected(ILogger logger, string tenant, string provider, string reason, string detail);
}
