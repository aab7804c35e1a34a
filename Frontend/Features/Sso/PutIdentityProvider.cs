using System.Collections.Immutable;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Sso;
using MediatR;

namespace Kagi.Frontend.Features.Sso;

/// <summary>
/// PUT /api/t/{tenant}/sso/providers/{id:id} (admin): adds or replaces one identity provider
/// <c>{"displayName","kind":"oidc","oidc":{"issuer","clientId","clientSecret"?,"scopes"?,"usernameClaim"?,"groupsClaim"?},
/// "roleMappings":[{"group","role"}],"groupMappings":[{"idpGroup","kagiGroup"}]}</c>, or <c>"kind":"saml","saml":{"metadata"}</c>
/// (or <c>{"entityId","ssoUrl","signingCertificates"}</c>, with <c>"usernameAttribute"?,"groupsAttribute"?</c>). A left-out client secret keeps the
/// stored one while issuer and client id are unchanged. The grain checks the rules; answered and audited without the secret.
/// </summary>
public static class PutIdentityProvider
{
    public sealed record Body(string DisplayName, string Kind = SsoKinds.Oidc, OidcBody? Oidc = null,
        ImmutableArray<SsoRoleMapping>? RoleMappings = null, ImmutableArray<SsoGroupMapping>? GroupMappings = null, SamlBody? Saml = null);

    /// <summary>A SAML IdP: its metadata, or entity id, SSO URL and certificates; nothing in it is secret.</summary>
    public sealed record SamlBody(string? Metadata = null, string? EntityId = null, string? SsoUrl = null, ImmutableArray<string>? SigningCertificates = null,
        string? UsernameAttribute = null, string? GroupsAttribute = null)
    {
        public SamlProviderInput ToInput()
        {
            var input = new SamlProviderInput { Metadata = Metadata, EntityId = EntityId, SsoUrl = SsoUrl, UsernameAttribute = UsernameAttribute };
            return input with
            {
                SigningCertificates = SigningCertificates ?? [],
                GroupsAttribute = GroupsAttribute ?? input.GroupsAttribute,
            };
        }
    }

    public sealed record OidcBody(string Issuer, string ClientId, string? ClientSecret = null, ImmutableArray<string>? Scopes = null,
        string? UsernameClaim = null, string? GroupsClaim = null)
    {
        public OidcProviderInput ToInput()
        {
            var input = new OidcProviderInput(Issuer, ClientId, ClientSecret);
            return input with
            {
                Scopes = Scopes ?? input.Scopes,
                UsernameClaim = UsernameClaim ?? input.UsernameClaim,
                GroupsClaim = GroupsClaim ?? input.GroupsClaim,
            };
        }

        public override string ToString() => $"OidcBody {{ Issuer = {Issuer}, ClientId = {ClientId} }}";
    }

    [AllowedRoles(KagiRoles.Admin)]
    /// <summary>The route's provider id comes first, so a refusal before the body is read still names it (RouteOnlyRequest).</summary>
    public sealed record Command(string TenantId, string ProviderId, IdentityProviderInput Provider) : MediatR.IRequest<IdentityProviderView>, IFailClosedRequest
    {
        public string AuditAction => "sso.provider-put";
        public string? AuditSubject => ProviderId;
        public string? AuditDetail =>
            (Provider.Saml is { } saml && Provider.Kind == SsoKinds.Saml
                ? $"kind={Provider.Kind}; entityId={saml.EntityId}; ssoUrl={saml.SsoUrl}{(saml.Metadata is null ? "" : "; metadata")}"
                : $"kind={Provider.Kind}; issuer={Provider.Oidc?.Issuer}; clientId={Provider.Oidc?.ClientId}{(Provider.Oidc?.ClientSecret is null ? "" : "; secret changed")}")
            + $"; roles={string.Join(",", (Provider.RoleMappings.IsDefault ? [] : Provider.RoleMappings).Select(m => m.Group + ">" + m.Role))}"
            + $"; groups={string.Join(",", (Provider.GroupMappings.IsDefault ? [] : Provider.GroupMappings).Select(m => m.IdpGroup + ">" + m.KagiGroup))}";
    }

    public sealed class Validator : IRequestValidator<Command>
    {
        public void Validate(Command request, ValidationErrors errors)
        {
            errors.Identifier("id", request.ProviderId);
            errors.Required("displayName", request.Provider.DisplayName);
        }
    }

    public sealed class Handler(IClusterClient cluster, ICallerContext callers, FrontendSettings settings) : IRequestHandler<Command, IdentityProviderView>
    {
        public async Task<IdentityProviderView> Handle(Command request, CancellationToken cancellationToken) =>
            OidcLogoutUrls.WithLogoutUrl(await cluster.GetGrain<ISsoSettingsGrain>(request.TenantId).PutProviderAsync(callers.Required, request.Provider with { Id = request.ProviderId }),
                settings.PublicUrl, request.TenantId);
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes) =>
            routes.MapPut(Routes.Tenant + "/sso/providers/{id:id}", async (string tenant, string id, Body body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new Command(tenant, id, new IdentityProviderInput(id, body.DisplayName, body.Kind)
                {
                    Oidc = body.Oidc?.ToInput(),
                    Saml = body.Saml?.ToInput(),
                    RoleMappings = body.RoleMappings ?? [],
                    GroupMappings = body.GroupMappings ?? [],
                }), cancellationToken)));
    }
}
