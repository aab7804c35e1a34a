using System.Diagnostics;
using System.Net;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// A revocation made through one Frontend holds at another within a second: a Frontend keeps the cluster's answers about
/// sessions and admission for at most that long (<c>RecentAnswers</c>). The one timing property the suite asserts.
/// </summary>
internal static class Revocation
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls until refused with <paramref name="status"/> and <paramref name="typeSlug"/>. A call may still be accepted only
    /// if it was sent less than <see cref="Bound"/> after <paramref name="revokedAt"/> (a <see cref="Stopwatch"/> timestamp
    /// taken when the revocation was answered); once the bound has passed, a further call (the kept path's answer, if
    /// any, has expired) is refused too.
    /// </summary>
    public static async Task ShouldBeRefusedWithinASecondAsync(Func<Task<ApiResponse>> call, long revokedAt, HttpStatusCode status, string typeSlug)
    {
        while (true)
        {
            var sent = Stopwatch.GetElapsedTime(revokedAt);
            var response = await call();
            if (response.Status != HttpStatusCode.OK)
            {
                response.ShouldBeProblem(status, typeSlug);
                break;
            }

            Assert.True(sent < Bound, $"Still accepted when sent {sent.TotalMilliseconds:F0} ms after the revocation was answered.");
            await Task.Delay(50);
        }

        var left = Bound - Stopwatch.GetElapsedTime(revokedAt);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        (await call()).ShouldBeProblem(status, typeSlug);
    }
}
