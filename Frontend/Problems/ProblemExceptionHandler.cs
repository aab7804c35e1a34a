using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kagi.Frontend.Problems;

/// <summary>Turns every exception into an RFC 9457 problem. Only Kagi's own messages, which never
/// carry secrets, reach the caller; anything unexpected is logged and answered generically.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            KagiException kagi => Problem(ProblemTypes.Of(kagi.Code), kagi.Message),
            RequestValidationException invalid => new ValidationProblemDetails(invalid.Errors)
            {
                Type = ProblemTypes.Of(ProblemCode.Invalid).Uri,
                Title = ProblemTypes.Of(ProblemCode.Invalid).Title,
                Status = StatusCodes.Status400BadRequest,
            },
            BadHttpRequestException badRequest => Problem(ProblemTypes.Of(ProblemCode.Invalid),
                BadRequestDetail.Describe(badRequest, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint), badRequest.StatusCode),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException =>
                Problem(ProblemTypes.ClusterUnavailable, "Try again in a moment."),
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
            problem = Problem(ProblemTypes.Internal, "The error was logged.");
        }

        if (exception is KagiException { Fields: { } fields })
        {
            // The same shape as a validation problem's, so a client reads field problems one way.
            problem.Extensions["errors"] = fields.ToDictionary(field => field.Key, field => new[] { field.Value }, StringComparer.Ordinal);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is KagiException { RetryAfter: { } retryAfter })
        {
            // Whole seconds, rounded up, so a client never retries a moment too early.
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(ProblemType type, string detail, int? status = null) =>
        new() { Type = type.Uri, Title = type.Title, Status = status ?? type.Status, Detail = detail };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
