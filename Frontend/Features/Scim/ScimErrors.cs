using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Scim;
using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace Kagi.Frontend.Features.Scim;

/// <summary>
/// On /scim/ paths every refusal is a SCIM error (RFC 7644 3.12: <c>application/scim+json</c>, <c>status</c> as a
/// string, <c>scimType</c> where one fits, <c>detail</c> in our words), since SCIM clients read no RFC 9457 problem.
/// Runs before <see cref="ProblemExceptionHandler"/>, which keeps everything else, the unexpected included (it logs
/// them); as there, only Kagi's own messages reach the client.
/// </summary>
public sealed class ScimErrors : IExceptionHandler
{
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!ScimAuthentication.IsScimPath(httpContext))
        {
            return false;
        }

        (int Status, string? ScimType, string Detail)? error = exception switch
        {
            ScimException scim => (StatusCodes.Status400BadRequest, scim.ScimType, scim.Message),
            KagiException kagi => (ProblemTypes.Of(kagi.Code).Status, ScimTypeOf(kagi.Code), kagi.Message),
            RequestValidationException invalid => (StatusCodes.Status400BadRequest, ScimException.InvalidValue,
                string.Join(" ", invalid.Errors.Select(field => $"{field.Key}: {string.Join(" ", field.Value)}"))),
            JsonException => (StatusCodes.Status400BadRequest, ScimException.InvalidSyntax, "The body is not well-formed JSON."),
            BadHttpRequestException badRequest => (badRequest.StatusCode, ScimException.InvalidSyntax, "The request could not be read."),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException =>
                (StatusCodes.Status503ServiceUnavailable, null, "Kagi is briefly unavailable; try again in a moment."),
            _ => null,
        };
        if (error is not { } answer)
        {
            return false;
        }

        await WriteAsync(httpContext, answer.Status, answer.ScimType, answer.Detail);
        return true;
    }

    public static Task WriteAsync(HttpContext http, int status, string? scimType, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ErrorSchema),
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }

        body["detail"] = detail;
        http.Response.StatusCode = status;
        http.Response.ContentType = ScimResults.ContentType;
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private static string? ScimTypeOf(ProblemCode code) => code switch
    {
        ProblemCode.AlreadyExists => "uniqueness",
        ProblemCode.Invalid => ScimException.InvalidValue,
        _ => null,
    };
}
