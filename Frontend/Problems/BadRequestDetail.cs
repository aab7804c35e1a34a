using System.Globalization;
using System.Text.Json;
using Kagi.Errors;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kagi.Frontend.Problems;

/// <summary>
/// Our words for a request ASP.NET could not bind. The framework's own messages name internal
/// parameters and types, and the JSON reader's may quote the body, which can hold a password: none
/// of them reach the caller. We name the missing body, or where in the JSON it went wrong, and never
/// a value.
/// </summary>
public static class BadRequestDetail
{
    public const string NotJson = "Send the body as JSON, with 'Content-Type: application/json'.";

    /// <summary>
    /// ASP.NET refuses a body that is not JSON with a bare 415 (no exception), which the status-code
    /// pages turn into a problem of the framework's type: give it ours, and our words.
    /// </summary>
    public static void CustomizeStatusProblem(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context is { Exception: null, ProblemDetails.Status: StatusCodes.Status415UnsupportedMediaType })
        {
            var invalid = ProblemTypes.Of(ProblemCode.Invalid);
            (context.ProblemDetails.Type, context.ProblemDetails.Title, context.ProblemDetails.Detail) = (invalid.Uri, invalid.Title, NotJson);
        }
    }

    public static string Describe(BadHttpRequestException exception, Endpoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            { InnerException: JsonException json } => DescribeJson(json),
            // Endpoints that take a body bind nothing else that can fail (their route values are
            // strings), so a binding failure there is a body that was not sent, or was null.
            _ when endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not null => "This request needs a JSON object as its body, and none was sent.",
            _ => "A parameter in the path or the query string is missing or has the wrong form.",
        };
    }

    private static string DescribeJson(JsonException json)
    {
        var at = string.Create(CultureInfo.InvariantCulture, $"line {json.LineNumber + 1 ?? 1}, byte {json.BytePositionInLine + 1 ?? 1}");
        return json switch
        {
            // A syntax error wraps the reader's own exception; its path could name a field the
            // request does not have, so only the position is given.
            { InnerException: JsonException } => $"The body is not valid JSON ({at}).",
            _ => $"The JSON body does not fit this request at {json.Path ?? "$"} ({at}): a field is missing, null, or of the wrong type.",
        };
    }
}
