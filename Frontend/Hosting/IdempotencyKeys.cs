using System.Security.Cryptography;
using System.Text;
using Kagi.Errors;
using Kagi.Frontend.Security;
using Kagi.Idempotency;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// Honours the <c>Idempotency-Key</c> header on every POST of a tenant route, whatever its slice: the
/// key is scoped by tenant, caller, method and path and kept by an <see cref="IIdempotencyGrain"/> with
/// the SHA-256 of the body. The first attempt runs; its 2xx answer is stored (sealed at rest) for 24 h and
/// a repeat with the same body gets that answer again (<c>Idempotent-Replayed: true</c>) without acting;
/// the same key with another body is 422, and a repeat while the first still runs is 409. An error
/// answer is not kept: it frees the key, since the request may be sent again. Anonymous requests
/// (sign-in) and callers of another tenant pass untouched and are refused or answered as usual.
/// </summary>
public sealed partial class IdempotencyKeys(RequestDelegate next, IClusterClient cluster, ClusterRetry retry, ILogger<IdempotencyKeys> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaximumKeyLength = 255;

    /// <summary>Larger answers (none of today's POSTs) are not kept: the key is freed instead.</summary>
    public const int MaximumStoredBody = 256 * 1024;

    public async Task InvokeAsync(HttpContext http, ICallerContext callers)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(callers);
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values) || http.GetEndpoint() is null)
        {
            await next(http);
            return;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (!IsWellFormed(key))
        {
            throw new KagiException(ProblemCode.Invalid, $"{Header} must be one value of 1 to {MaximumKeyLength} visible ASCII characters.");
        }

        if (http.GetRouteValue("tenant") is not string tenant)
        {
            throw new KagiException(ProblemCode.Invalid, $"{Header} is honoured on tenant routes (/api/t/{{tenant}}/...) only.");
        }

        var caller = callers.IsOperator ? Caller.System(tenant) : callers.Caller is { } signedIn && signedIn.TenantId == tenant ? signedIn : null;
        if (caller is null)
        {
            await next(http);
            return;
        }

        var actor = callers.IsOperator ? "kagi:operator" : caller.Username;
        var scope = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', actor, http.Request.Method, http.Request.Path.Value, key))));
        var grain = cluster.GetGrain<IIdempotencyGrain>(GrainKeys.For(tenant, scope));
        var attempt = Guid.NewGuid();
        var requestHash = await BodyHashAsync(http.Request);

        // Each grain call below is idempotent by the attempt id, so a lost silo is simply retried.
        var claim = await retry.RunAsync(() => grain.BeginAsync(caller, requestHash, attempt), http.RequestAborted);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.InFlight:
                throw new KagiException(ProblemCode.IdempotencyKeyInUse, "A request with this Idempotency-Key is still being answered; send it again once it is.");
            case IdempotencyOutcome.DifferentRequest:
                throw new KagiException(ProblemCode.IdempotencyKeyReused, "This Idempotency-Key was used for a request with another body; use a new key for a new request.");
            case IdempotencyOutcome.Replay:
                await ReplayAsync(http.Response, claim.Response!);
                return;
        }

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch
        {
            http.Response.Body = original;
            await ReleaseAsync(grain, caller, attempt);
            throw;
        }

        http.Response.Body = original;
        var body = captured.ToArray();

        // Stored before it is sent, so a client that repeats the request at once is answered the same.
        await KeepAsync(http, grain, caller, attempt, body);
        await original.WriteAsync(body, http.RequestAborted);
    }

    private async Task KeepAsync(HttpContext http, IIdempotencyGrain grain, Caller caller, Guid attempt, byte[] body)
    {
        var response = http.Response;
        try
        {
            if (response.StatusCode is >= 200 and < 300 && body.Length <= MaximumStoredBody)
            {
                var location = response.Headers.Location.ToString();
                var answer = new StoredResponse(response.StatusCode, response.ContentType, location.Length > 0 ? location : null, body);
                await retry.RunAsync(() => grain.CompleteAsync(caller, attempt, answer), CancellationToken.None);
            }
            else
            {
                await ReleaseAsync(grain, caller, attempt);
            }
        }
        catch (Exception e) when (ClusterRetry.IsSiloLoss(e))
        {
            // The request was done: answer it. The key stays claimed until its lease lapses, so a repeat
            // meanwhile is told 409 rather than acting twice.
            LogNotKept(logger, e.GetType().Name);
        }
    }

    /// <summary>Frees the key after an error; if the cluster cannot be reached the claim lapses by itself.</summary>
    private async Task ReleaseAsync(IIdempotencyGrain grain, Caller caller, Guid attempt)
    {
        try
        {
            await retry.RunAsync(() => grain.ReleaseAsync(caller, attempt), CancellationToken.None);
        }
        catch (Exception e) when (ClusterRetry.IsSiloLoss(e))
        {
            LogNotKept(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An Idempotency-Key could not be updated ({Failure}); it stays claimed until its lease lapses")]
    private static partial void LogNotKept(ILogger logger, string failure);

    private static async Task ReplayAsync(HttpResponse response, StoredResponse stored)
    {
        response.StatusCode = stored.Status;
        response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }

        response.Headers[ReplayedHeader] = "true";
        response.ContentLength = stored.Body.Length;
        await response.Body.WriteAsync(stored.Body);
    }

    private static async Task<string> BodyHashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Hex(hash);
    }

    private static bool IsWellFormed(string? key) =>
        key is { Length: > 0 and <= MaximumKeyLength } && key.All(c => c is >= '!' and <= '~');

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
