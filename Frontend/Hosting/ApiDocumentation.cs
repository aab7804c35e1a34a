using System.Text;
using System.Text.Json.Nodes;
using Kagi.Frontend.Problems;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// The OpenAPI 3.1 document at <see cref="DocumentPath"/>, generated from the endpoints themselves, and the API
/// reference page (Scalar) at <see cref="ReferencePath"/>. The document adds what the endpoints cannot say: the bearer
/// token, and that every refusal is an RFC 9457 problem of one of <see cref="ProblemTypes"/>. The reference page is the
/// one answer with scripts, so it gets a policy of its own: its scripts carry a fresh nonce, everything else stays
/// same-origin.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api-docs";
    private const string ProblemSchema = "Problem";
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddKagiApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
        });

    public static void MapKagiApiDocumentation(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath);
        routes.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Kagi API")
            .WithOpenApiRoutePattern(DocumentPath)
            .WithNonce()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
    }

    /// <summary>The content policy of the reference page when Scalar rendered it with a nonce; null for every other answer.</summary>
    public static string? PagePolicy(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string { Length: > 0 } nonce
            ? $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
              "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
            : null;

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Kagi";
        document.Info.Description = "Privileged access management. Every route under /api/t/{tenant} needs a session or API token of that " +
            "tenant; /api/tenants and /api/keys need the operator token. Every refusal is an RFC 9457 problem (see the Problem schema).";
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A session token from POST /api/t/{tenant}/auth/login, an API token, or the operator token.",
        };
        document.Security ??= new List<OpenApiSecurityRequirement>();
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });

        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                AddProblems(document, operation);
            }
        }
    }

    private static void AddProblems(OpenApiDocument document, OpenApiOperation operation)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("4XX", ProblemResponse(document, "Refused: a problem whose type says why (see the Problem schema)."));
        operation.Responses.TryAdd("5XX", ProblemResponse(document, "Kagi, its cluster, its audit log or the target failed: a problem."));
    }

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static OpenApiSchema Problem()
    {
        var types = ProblemTypes.All.OrderBy(type => type.Status).ThenBy(type => type.Slug, StringComparer.Ordinal).ToList();
        var table = new StringBuilder("RFC 9457 problem details. The type is one of:\n\n| type | status | title |\n|---|---|---|\n");
        foreach (var type in types)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{type.Uri}` | {type.Status} | {type.Title} |\n");
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = table.ToString(),
            Required = new HashSet<string>(["type", "title", "status"], StringComparer.Ordinal),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. types.Select(type => (JsonNode)JsonValue.Create(type.Uri)!)] },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in Kagi's words; never a secret." },
                ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "invalid: the refused fields, each with its messages." },
            },
        };
    }
}
