using System.Text.Json.Nodes;
using Kagi.Scim;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using MediatR;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// /scim/v2/{tenant}/ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 4): what Kagi's SCIM service does —
/// PATCH yes; bulk, sort, ETags and password change no; filter only <c>eq</c> on userName (Users) and displayName
/// (Groups); the bearer token. Behind the SCIM token like every SCIM route.
/// </summary>
public static class ScimDiscovery
{
    public const string ServiceProviderConfig = "ServiceProviderConfig";
    public const string ResourceTypes = "ResourceTypes";
    public const string Schemas = "Schemas";

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record Query(string TenantId, string Document) : MediatR.IRequest<JsonObject>, ITenantRequest, IIdempotentRequest;

    public sealed class Handler : IRequestHandler<Query, JsonObject>
    {
        public Task<JsonObject> Handle(Query request, CancellationToken cancellationToken) => Task.FromResult(request.Document switch
        {
            ServiceProviderConfig => Config(),
            ResourceTypes => ScimResults.List([Type("User", "/Users", ScimUserInput.UserSchema), Type("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group")], 2, 1),
            _ => ScimResults.List([Schema(ScimUserInput.UserSchema, "User", "userName", "displayName", "externalId", "active", "emails", "groups", "roles"),
                Schema("urn:ietf:params:scim:schemas:core:2.0:Group", "Group", "displayName", "externalId", "members")], 2, 1),
        });

        private static JsonObject Config() => new()
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
            ["patch"] = new JsonObject { ["supported"] = true },
            ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
            ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimResults.MaximumPage },
            ["changePassword"] = new JsonObject { ["supported"] = false },
            ["sort"] = new JsonObject { ["supported"] = false },
            ["etag"] = new JsonObject { ["supported"] = false },
            ["authenticationSchemes"] = new JsonArray(new JsonObject
            {
                ["type"] = "oauthbearertoken",
                ["name"] = "SCIM bearer token",
                ["description"] = "A token an admin of the tenant creates (POST /api/t/{tenant}/scim/tokens), sent as 'Authorization: Bearer <token>'.",
                ["primary"] = true,
            }),
        };

        private static JsonObject Type(string name, string endpoint, string schema) => new()
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ResourceType"),
            ["id"] = name,
            ["name"] = name,
            ["endpoint"] = endpoint,
            ["schema"] = schema,
        };

        private static JsonObject Schema(string id, string name, params string[] attributes) => new()
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Schema"),
            ["id"] = id,
            ["name"] = name,
            ["attributes"] = new JsonArray([.. attributes.Select(attribute => (JsonNode)new JsonObject { ["name"] = attribute })]),
        };
    }

    public sealed class Endpoint : IEndpoint
    {
        public void Map(IEndpointRouteBuilder routes)
        {
            foreach (var document in new[] { ServiceProviderConfig, ResourceTypes, Schemas })
            {
                routes.MapGet(ScimResults.Routes + "/" + document, async (string tenant, IMediator mediator, CancellationToken cancellationToken) =>
                    ScimResults.Json(await mediator.Send(new Query(tenant, document), cancellationToken)));
            }
        }
    }
}
