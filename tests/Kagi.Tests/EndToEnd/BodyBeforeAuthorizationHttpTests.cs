using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Issue 10, "endpoints read no body before authorization", over a real socket: a caller the route does not admit
/// is answered 401/403 for a body that would be a 400 (malformed) or a 413 (too large), and for a huge body of which
/// only the headers and a first byte were ever sent, so the answer came without the body. The admin, who is admitted,
/// gets the 400 and the 413 the body earns (the control: the body is read once authorization lets it through). Each
/// refusal of a member of the tenant is recorded once, without anything from the body.
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class BodyBeforeAuthorizationHttpTests(KagiDeployment kagi)
{
    private const string Malformed = "{\"id\": \"db\", \"kind\": ";
    private const long Huge = 100_000_000; // above Kestrel's 30 MB request body limit

    [Fact]
    public async Task A_caller_who_is_not_admitted_is_refused_without_the_body_being_read()
    {
        var tenant = await TenantScript.OpenAsync(kagi.Api);
        var path = $"/api/t/{tenant.Id}/targets";

        // Malformed JSON, sent whole.
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), await PostAsync(path, null, Malformed.Length, Malformed));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), await PostAsync(path, tenant.Bob, Malformed.Length, Malformed));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(path, (await TenantScript.OpenAsync(kagi.Api)).Admin, Malformed.Length, Malformed)).Status);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), await PostAsync(path, tenant.Admin, Malformed.Length, Malformed));

        // A huge body announced, one byte of it sent: an answer can only come without the rest.
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), await PostAsync(path, null, Huge, "{"));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), await PostAsync(path, tenant.Bob, Huge, "{"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(path, tenant.Admin, Huge, "{")).Status);

        var refusals = await RefusalsAsync(tenant);
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(("bob", "failure", "forbidden", false), r));
    }

    private async Task<List<(string?, string?, string?, bool)>> RefusalsAsync(TenantScript tenant) =>
        [.. (await kagi.Api.GetAsync($"/api/t/{tenant.Id}/audit?kind=target.create&limit=50", tenant.Dave)).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("result").GetString(), e.GetProperty("detail").GetString(),
                e.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String))];

    /// <summary>Sends the request head and <paramref name="sent"/> of a body announced as <paramref name="contentLength"/>
    /// bytes, and reads the answer's status and problem slug (10 s at most: a server waiting for the rest never answers).</summary>
    private async Task<(HttpStatusCode Status, string? Problem)> PostAsync(string path, string? token, long contentLength, string sent)
    {
        var address = kagi.Api.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n"
            + (token is null ? "" : $"Authorization: Bearer {token}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + sent));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while (!IsComplete(answer.ToString()) && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var text = answer.ToString();
        var status = (HttpStatusCode)int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var problem = text.IndexOf("\"type\":", StringComparison.Ordinal) is var at and >= 0
            ? text[(at + 8)..].Split('"')[0].Split('/')[^1]
            : null;
        return (status, problem);
    }

    // The head and a body of the announced length (problems are small and never chunked here).
    private static bool IsComplete(string answer)
    {
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = answer[..end].Split("\r\n").Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2 && pair[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(pair => int.Parse(pair[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
        return length < 0 ? answer.Contains("\r\n0\r\n\r\n", StringComparison.Ordinal) : Encoding.UTF8.GetByteCount(answer[(end + 4)..]) >= length;
    }
}
