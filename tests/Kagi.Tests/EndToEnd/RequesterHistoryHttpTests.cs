using System.Net;
using System.Text.Json;
using Kagi.Tests.Console;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// The requester's history beside a request, over HTTP against the real processes: the requester's other
/// requests only, newest first, at most 20 with counts over all of them, decided-by, and only for those who
/// may read the request (another tenant is told it does not exist).
/// </summary>
[Collection(KagiDeploymentGroup.Name)]
public sealed class RequesterHistoryHttpTests(KagiDeployment kagi)
{
    private static readonly string[] Pg = ["pg"];
    private static readonly string[] Owner = ["owner"];
    private static readonly string[] Approvers = ["approver"];
    private static readonly string[] Users = ["user"];

    private KagiApi Api => kagi.Api;

    [Fact]
    public async Task An_approver_sees_the_requesters_other_requests_newest_first_bounded_and_counted_by_outcome()
    {
        var tenant = await TenantScript.OpenAsync(Api);
        var other = await TenantScript.OpenAsync(Api);
        var t = $"/api/t/{tenant.Id}";
        await ConsoleFixtures.CreatePostgresAccountAsync(Api, tenant);
        (await Api.SendAsync(HttpMethod.Put, $"{t}/workflows/prod", new
        {
            name = "Production",
            appliesTo = new { targets = Pg },
            steps = new[] { new { name = "approver", approvers = new { roles = Approvers }, quorum = "any" } },
            emergency = new { allowed = true, approvalWithin = "PT4H" },
        }, tenant.Admin)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"{t}/users", new { username = "erin", password = TenantScript.UserPassword, roles = Users }, tenant.Admin)).ShouldBe(HttpStatusCode.Created);
        var erin = await Api.LoginAsync(tenant.Id, "erin", TenantScript.UserPassword);

        // bob's past: 22 requests (the newest rejected, the next approved, the rest pending), then a break-glass one.
        var now = DateTimeOffset.UtcNow;
        var earlier = new List<string>();
        for (var i = 0; i < 22; i++)
        {
            earlier.Add(await SubmitAsync(t, tenant.Bob, now.AddHours(1 + i), $"maintenance {i}"));
        }

        (await Api.PostAsync($"{t}/requests/{earlier[^1]}/reject", new { reason = "not this week" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"{t}/requests/{earlier[^2]}/approve", new { comment = "fine" }, tenant.Carol)).ShouldBe(HttpStatusCode.OK);
        var emergency = (await Api.PostAsync($"{t}/requests/emergency", new { accountIds = Owner, until = now.AddHours(1), reason = "orders database is down" }, tenant.Bob))
            .ShouldBe(HttpStatusCode.Created).Text("id");
        var erinsOwn = await SubmitAsync(t, erin, now.AddHours(30), "erin's work");
        var current = await SubmitAsync(t, tenant.Bob, now.AddHours(40), "the request being decided");

        var history = (await Api.GetAsync($"{t}/requests/{current}/requester-history", tenant.Carol)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("bob", history.GetProperty("requester").GetString());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        // Newest first, without the request itself or erin's, and only the newest 20 of bob's 23 others.
        string[] expected = [emergency, .. Enumerable.Reverse(earlier).Take(19)];
        Assert.Equal(expected, items.Select(item => item.GetProperty("id").GetString()));
        Assert.DoesNotContain(current, items.Select(item => item.GetProperty("id").GetString()));
        Assert.DoesNotContain(erinsOwn, items.Select(item => item.GetProperty("id").GetString()));

        Assert.Equal(("approved", "approved", true), (items[0].GetProperty("status").GetString(), items[0].GetProperty("outcome").GetString(), items[0].GetProperty("emergency").GetBoolean()));
        Assert.Equal(("rejected", "rejected", "carol"), (items[1].GetProperty("status").GetString(), items[1].GetProperty("outcome").GetString(), DecidedBy(items[1])));
        Assert.Equal(("approved", "approved", "carol"), (items[2].GetProperty("status").GetString(), items[2].GetProperty("outcome").GetString(), DecidedBy(items[2])));
        Assert.Equal(("pending", "pending", ""), (items[3].GetProperty("status").GetString(), items[3].GetProperty("outcome").GetString(), DecidedBy(items[3])));
        Assert.Equal(Owner, items[3].GetProperty("accountIds").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(now.AddHours(20), items[3].GetProperty("from").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(now.AddHours(20.5), items[3].GetProperty("until").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.True(items[3].GetProperty("createdAt").GetDateTimeOffset() < items[2].GetProperty("createdAt").GetDateTimeOffset());

        var counts = history.GetProperty("counts");
        Assert.Equal((23, 20, 2, 1, 0, 0, 1, true), (
            counts.GetProperty("total").GetInt32(), counts.GetProperty("pending").GetInt32(), counts.GetProperty("approved").GetInt32(),
            counts.GetProperty("rejected").GetInt32(), counts.GetProperty("expired").GetInt32(), counts.GetProperty("revoked").GetInt32(),
            counts.GetProperty("emergency").GetInt32(), counts.GetProperty("complete").GetBoolean()));

        // Whoever may read the request may read its requester's history; nobody else, and no other tenant.
        foreach (var reader in new[] { tenant.Bob, tenant.Admin, tenant.Dave })
        {
            Assert.Equal(23, (await Api.GetAsync($"{t}/requests/{current}/requester-history", reader)).ShouldBe(HttpStatusCode.OK).Json.GetProperty("counts").GetProperty("total").GetInt32());
        }

        (await Api.GetAsync($"{t}/requests/{current}/requester-history", erin)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.GetAsync($"{t}/requests/{current}/requester-history", other.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"/api/t/{other.Id}/requests/{current}/requester-history", other.Admin)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");
        (await Api.GetAsync($"/api/t/{other.Id}/requests/{current}/requester-history", other.Carol)).ShouldBeProblem(HttpStatusCode.NotFound, "not-found");

        // erin's history holds none of bob's requests.
        var erins = (await Api.GetAsync($"{t}/requests/{erinsOwn}/requester-history", tenant.Carol)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Empty(erins.GetProperty("items").EnumerateArray());
        Assert.Equal(0, erins.GetProperty("counts").GetProperty("total").GetInt32());
    }

    private static string DecidedBy(JsonElement item) => string.Join(",", item.GetProperty("decidedBy").EnumerateArray().Select(d => d.GetString()));

    private async Task<string> SubmitAsync(string t, string session, DateTimeOffset from, string reason) =>
        (await Api.PostAsync($"{t}/requests", new { accountId = "owner", from, until = from.AddMinutes(30), reason }, session)).ShouldBe(HttpStatusCode.Created).Text("id");
}
