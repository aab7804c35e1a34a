using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Scim;

namespace Kagi.Frontend.Features.Scim;

/// <summary>How SCIM endpoints read bodies and answer: <c>application/scim+json</c> both ways (plain JSON is read too).</summary>
public static class ScimResults
{
    public const string ContentType = "application/scim+json";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const int MaximumBodyBytes = 1 << 20;
    public const int MaximumPage = 100;

    /// <summary>The prefix of every SCIM route: one base URL per tenant, which is what IdPs ask an admin for.</summary>
    public const string Routes = "/scim/v2/{tenant:" + Hosting.TenantIdRouteConstraint.Name + "}";

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(body.ToJsonString(), ContentType, Encoding.UTF8, status);

    /// <summary>The body as JSON; a SCIM body is small, so a large one is refused before it is parsed.</summary>
    public static async Task<JsonElement> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaximumBodyBytes)
        {
            throw new ScimException(ScimException.InvalidSyntax, $"A SCIM body may be at most {MaximumBodyBytes} bytes.");
        }

        using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken);
        return document.RootElement.Clone();
    }

    public static JsonObject List(IReadOnlyCollection<JsonNode> page, int total, int startIndex) => new()
    {
        ["schemas"] = new JsonArray(ListSchema),
        ["totalResults"] = total,
        ["startIndex"] = startIndex,
        ["itemsPerPage"] = page.Count,
        ["Resources"] = new JsonArray([.. page]),
    };

    /// <summary>RFC 7644 3.4.2.4: startIndex is 1-based (less than 1 means 1); count is capped, negative means 0.</summary>
    public static (int StartIndex, int Count) Page(int? startIndex, int? count) =>
        (Math.Max(startIndex ?? 1, 1), Math.Clamp(count ?? MaximumPage, 0, MaximumPage));

    public static string Location(HttpRequest request, string tenant, string collection, string id) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/scim/v2/{tenant}/{collection}/{Uri.EscapeDataString(id)}";
}
