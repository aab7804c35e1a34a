using System.Collections.Immutable;
using Kagi.Errors;
using Kagi.Requests;
using Kagi.Requests.Workflows;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>
/// Request presets as rows keyed by tenant and user (issue 16): many users' presets, same ids included, kept
/// apart; the per-user cap still holds; a catalog stored in the old shape keeps its workflows and moves its
/// presets to rows on activation.
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class PresetTableTests(KagiClusterFixture fixture)
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static Caller User(string tenantId, string username) => new(tenantId, username, [KagiRoles.User], "10.0.0.1");

    private static RequestPreset Preset(string id, string owner, string purpose) =>
        new(id, owner, ["db-" + owner, "db-shared"], TimeSpan.FromHours(2), purpose);

    [Fact]
    public async Task Presets_of_many_users_are_kept_apart_even_under_the_same_id()
    {
        var tenantId = NewTenant();
        var catalog = fixture.Grains.GetGrain<IWorkflowCatalogGrain>(tenantId);
        var users = Enumerable.Range(0, 40).Select(i => $"user{i:D2}").ToList();
        foreach (var user in users)
        {
            await catalog.PutPresetAsync(User(tenantId, user), Preset("nightly", user, "nightly check by " + user));
            await catalog.PutPresetAsync(User(tenantId, user), Preset("own-" + user, user, "only " + user));
        }

        foreach (var user in users)
        {
            var mine = await catalog.ListPresetsAsync(User(tenantId, user));
            Assert.Equal(["nightly", "own-" + user], mine.Select(p => p.Id));
            Assert.All(mine, p => Assert.Equal((user, $"db-{user},db-shared"), (p.Owner, string.Join(',', p.AccountIds))));
            Assert.Equal("nightly check by " + user, (await catalog.GetPresetAsync(User(tenantId, user), "nightly")).Purpose);
        }

        var missing = await Assert.ThrowsAsync<KagiException>(() => catalog.GetPresetAsync(User(tenantId, "user01"), "own-user02"));
        Assert.Equal(ProblemCode.NotFound, missing.Code);
        var other = NewTenant();
        Assert.Empty(await fixture.Grains.GetGrain<IWorkflowCatalogGrain>(other).ListPresetsAsync(User(other, "user01")));
    }

    [Fact]
    public async Task A_user_keeps_at_most_50_presets_and_a_preset_with_long_fields_comes_back_whole()
    {
        var tenantId = NewTenant();
        var catalog = fixture.Grains.GetGrain<IWorkflowCatalogGrain>(tenantId);
        var bob = User(tenantId, "bob");
        foreach (var i in Enumerable.Range(0, WorkflowCatalogGrain.MaximumPresetsPerUser))
        {
            await catalog.PutPresetAsync(bob, Preset($"p{i:D2}", "bob", "purpose " + i));
        }

        var refused = await Assert.ThrowsAsync<KagiException>(() => catalog.PutPresetAsync(bob, Preset("one-more", "bob", "too many")));
        Assert.Equal(ProblemCode.Invalid, refused.Code);
        await catalog.PutPresetAsync(User(tenantId, "carol"), Preset("one-more", "carol", "carol has room"));

        // 20 fields of 2,000 characters: more than one table property holds, so each field has its own.
        var fields = Enumerable.Range(0, 20).ToImmutableDictionary(i => $"field{i}", i => new string((char)('a' + i), 2000), StringComparer.Ordinal);
        var rich = Preset("p00", "bob", "replaced") with { WorkContent = new string('w', 2000), TicketReference = "CHG-1", CustomFields = fields };
        await catalog.PutPresetAsync(bob, rich);

        var back = await catalog.GetPresetAsync(bob, "p00");
        Assert.Equal((rich.Purpose, rich.WorkContent, rich.TicketReference, rich.Duration), (back.Purpose, back.WorkContent, back.TicketReference, back.Duration));
        Assert.Equal(fields.OrderBy(f => f.Key, StringComparer.Ordinal), back.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Equal(WorkflowCatalogGrain.MaximumPresetsPerUser, (await catalog.ListPresetsAsync(bob)).Length);
    }

    [Fact]
    public async Task A_catalog_stored_in_the_old_shape_keeps_its_workflows_and_moves_every_preset_to_rows()
    {
        var tenantId = NewTenant();
        var catalog = fixture.Grains.GetGrain<IWorkflowCatalogGrain>(tenantId);
        var definition = new WorkflowDefinition("ops", new WorkflowScope(["pg"], []),
            [new ApprovalStep("lead", new ApproverSet([], [KagiRoles.Approver], []), Quorum.AnyOne)]);
        var workflow = new WorkflowInfo("ops", definition, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "admin");
        var old = new WorkflowCatalogState
        {
            Workflows = ImmutableSortedDictionary.Create<string, WorkflowInfo>(StringComparer.Ordinal).Add("ops", workflow),
            Presets = ImmutableSortedDictionary.Create<string, RequestPreset>(StringComparer.Ordinal)
                .Add("alice/nightly", Preset("nightly", "alice", "alice's night") with { TicketReference = "CHG-7", CustomFields = ImmutableDictionary<string, string>.Empty.Add("ticket", "42") })
                .Add("bob/nightly", Preset("nightly", "bob", "bob's night"))
                .Add("bob/weekly", Preset("weekly", "bob", "bob's week")),
        };
        await PersistedState.WriteAsync(fixture.Cluster, catalog, "workflows", old);

        var alice = Assert.Single(await catalog.ListPresetsAsync(User(tenantId, "alice")));
        Assert.Equal(("nightly", "alice's night", "CHG-7", "42"), (alice.Id, alice.Purpose, alice.TicketReference, alice.CustomFields["ticket"]));
        Assert.Equal(["bob's night", "bob's week"], (await catalog.ListPresetsAsync(User(tenantId, "bob"))).Select(p => p.Purpose));
        Assert.Contains(await catalog.ListAsync(User(tenantId, "bob")), w => w.Id == "ops" && w.Definition.AppliesTo.Targets.SequenceEqual(["pg"]));

        var stored = await PersistedState.ReadAsync<WorkflowCatalogState>(fixture.Cluster, catalog, "workflows");
        Assert.Empty(stored.Presets);
        Assert.Equal(["ops"], stored.Workflows.Keys);
    }
}
