using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Load as real clients send it, with every answer recorded: readers (settings and notices, no retry of
/// their own) and writers creating users with an Idempotency-Key, which repeat a request with the same
/// key on a 503, a 409 "key in use" or a broken connection, as a client following the README would.
/// </summary>
public sealed class FailoverLoad
{
    /// <summary>A request counts as delayed when it took longer than this.</summary>
    public static readonly TimeSpan DelayedAfter = TimeSpan.FromSeconds(1);

    private const int MaximumReadsPerReader = 20_000;
    private const int MaximumWritesPerWriter = 60;
    private static readonly TimeSpan WriteGiveUp = TimeSpan.FromSeconds(90);
    private static readonly string[] UserRoles = ["user"];

    private readonly KagiApi _api;
    private readonly TenantScript _tenant;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly ConcurrentQueue<string> _failedWrites = new();
    private readonly List<Task> _loops = [];
    private volatile bool _stopped;

    /// <summary>One request: when it was sent (since the load began), how long it took, and its status (0: no answer).</summary>
    public sealed record Sample(bool Write, TimeSpan Sent, TimeSpan Took, int Status);

    private FailoverLoad(KagiApi api, TenantScript tenant)
    {
        _api = api;
        _tenant = tenant;
    }

    public static FailoverLoad Start(KagiApi api, TenantScript tenant, int readers, int writers)
    {
        var load = new FailoverLoad(api, tenant);
        for (var i = 0; i < readers; i++)
        {
            var reader = i;
            load._loops.Add(Task.Run(() => load.ReadAsync(reader)));
        }

        for (var i = 0; i < writers; i++)
        {
            var writer = i;
            load._loops.Add(Task.Run(() => load.WriteAsync(writer)));
        }

        return load;
    }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Sample> Samples => _samples;

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public IReadOnlyCollection<string> FailedWrites => _failedWrites;

    public async Task StopAsync()
    {
        _stopped = true;
        await Task.WhenAll(_loops);
    }

    private async Task ReadAsync(int reader)
    {
        for (var n = 0; n < MaximumReadsPerReader && !_stopped; n++)
        {
            var (path, token) = (reader + n) % 2 == 0
                ? ($"/api/t/{_tenant.Id}/settings/password-policy", _tenant.Admin)
                : ($"/api/t/{_tenant.Id}/me/notices", _tenant.Bob);
            await SendAsync(write: false, () => _api.GetAsync(path, token));
            await Task.Delay(5);
        }
    }

    private async Task WriteAsync(int writer)
    {
        for (var n = 0; n < MaximumWritesPerWriter && !_stopped; n++)
        {
            var username = $"w{writer}-{n}";
            var body = new { username, password = TenantScript.UserPassword, roles = UserRoles };
            var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "create-" + username };
            var giveUp = _clock.Elapsed + WriteGiveUp;
            while (true)
            {
                var status = await SendAsync(write: true, () => _api.SendAsync(HttpMethod.Post, $"/api/t/{_tenant.Id}/users", body, _tenant.Admin, headers));
                if (status is >= 200 and < 300)
                {
                    _acknowledged.Enqueue(username);
                    break;
                }

                var worthRepeating = status is 0 or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.Conflict;
                if (!worthRepeating || _clock.Elapsed > giveUp)
                {
                    _failedWrites.Enqueue($"{username}: {status}");
                    break;
                }

                await Task.Delay(500);
            }
        }
    }

    private async Task<int> SendAsync(bool write, Func<Task<ApiResponse>> send)
    {
        var sent = _clock.Elapsed;
        int status;
        try
        {
            status = (int)(await send()).Status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            status = 0;
        }

        _samples.Enqueue(new Sample(write, sent, _clock.Elapsed - sent, status));
        return status;
    }

    /// <summary>The figures of one disruption at <paramref name="at"/>, in one line per measure.</summary>
    public string Describe(string name, TimeSpan at)
    {
        var reads = _samples.Where(s => !s.Write).ToList();
        var writes = _samples.Where(s => s.Write).ToList();
        var after = _samples.Where(s => s.Sent >= at && s.Status is >= 200 and < 300).Select(s => s.Sent + s.Took - at).DefaultIfEmpty(TimeSpan.Zero).Min();
        var delayed = _samples.Where(s => s.Took > DelayedAfter).ToList();
        var latencies = reads.Select(s => s.Took.TotalMilliseconds).Order().ToList();
        string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " ms";
        double Percentile(double p) => latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
        return string.Join(Environment.NewLine,
            $"{name}",
            $"  reads: {reads.Count}, non-2xx: {reads.Count(s => s.Status is > 0 and not (>= 200 and < 300))}, no answer: {reads.Count(s => s.Status == 0)}; p50 {Ms(Percentile(0.5))}, p99 {Ms(Percentile(0.99))}, max {Ms(latencies.LastOrDefault())}",
            $"  writes: {_acknowledged.Count} acknowledged, {_failedWrites.Count} failed; {writes.Count} attempts, {writes.Count(s => s.Status is not (>= 200 and < 300))} of them repeated by the client",
            $"  first success sent after the disruption: {Ms(after.TotalMilliseconds)} after it",
            $"  delayed over {DelayedAfter.TotalSeconds:0} s: {delayed.Count} requests, longest {Ms(delayed.Select(s => s.Took.TotalMilliseconds).DefaultIfEmpty(0).Max())}, "
                + $"last one answered {Ms(delayed.Select(s => (s.Sent + s.Took - at).TotalMilliseconds).DefaultIfEmpty(0).Max())} after the disruption");
    }
}
