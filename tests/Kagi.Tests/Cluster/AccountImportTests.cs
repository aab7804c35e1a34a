using Kagi.Errors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Orleans.Core.Internal;
using Xunit;

namespace Kagi.Tests.Cluster;

/// <summary>Import jobs on the cluster, whose fixture works in chunks of three lines.</summary>
[Collection(KagiClusterGroup.Name)]
public sealed class AccountImportTests(KagiClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_malformed_file_is_refused_whole_and_leaves_no_job()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (good, goodPassword) = await PostgresRoles.CreateAsync("kagi_import");
        var job = Job(world, NewId());

        var start = await job.StartAsync(world.Admin, $"id,targetId,username,password\nfirst,pg,{good},{goodPassword}\nbad#id,pg,{good},{goodPassword}\n");

        Assert.Null(start.Job);
        Assert.Equal([3], start.Errors.Select(e => e.Line));
        Assert.Equal("bad-id", start.Errors[0].Code);
        Assert.Equal(ProblemCode.NotFound, (await Assert.ThrowsAsync<KagiException>(() => job.GetAsync(world.Admin, 0, 10))).Code);
        Assert.Equal(ProblemCode.NotFound, (await Assert.ThrowsAsync<KagiException>(() => Account(world, "first").GetAsync(world.Admin))).Code);
    }

    [Fact]
    public async Task A_job_works_through_many_chunks_imports_the_good_lines_and_names_each_refused_one()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var roles = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostgresRoles.CreateAsync("kagi_import")));
        var (wrong, _) = await PostgresRoles.CreateAsync("kagi_import");
        var lines = roles.Select((r, i) => $"imported-{i},pg,{r.Role},\"{r.Password}\"").ToList();
        lines.Insert(2, $"wrong-password,pg,{wrong},not-its-password");
        lines.Insert(5, $"no-target,nowhere,{roles[0].Role},{roles[0].Password}");
        lines.Insert(7, $"{TenantWorld.AccountId},pg,{roles[1].Role},{roles[1].Password}");
        var job = Job(world, NewId());

        var start = await job.StartAsync(world.Admin, "id,targetId,username,password\n" + string.Join("\n", lines));
        Assert.Equal(("queued", 11), (start.Job!.Status, start.Job.Total));
        var done = await CompletedAsync(job, world.Admin);

        Assert.Equal((11, 8, 3), (done.Done, done.Created, done.Failed));
        var results = await AllLinesAsync(job, world.Admin, pageSize: 4);
        Assert.Equal(Enumerable.Range(2, 11), results.Select(r => r.Line));
        Assert.Equal(["password-refused", "no-target", "exists"], results.Where(r => !r.Created).Select(r => r.Problem!.Code));
        Assert.Equal([4, 7, 9], results.Where(r => !r.Created).Select(r => r.Problem!.Line));
        Assert.Equal(roles[5].Role, (await Account(world, "imported-5").GetAsync(world.Admin)).Username);
        Assert.Equal(world.Role, (await Account(world, TenantWorld.AccountId).GetAsync(world.Admin)).Username);
        Assert.True(await PostgresRoles.CanLogInAsync(roles[7].Role, roles[7].Password));
    }

    [Fact]
    public async Task A_job_whose_grain_is_deactivated_mid_way_resumes_and_imports_no_line_twice()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        // A target paced at one login a second, so the job is surely mid-way when its grain goes.
        await fixture.Grains.GetGrain<ITargetGrain>(GrainKeys.For(world.TenantId, "slow")).RegisterAsync(world.Admin,
            new TargetRegistration("postgres", PostgresRoles.Host, PostgresRoles.Port, "postgres", world.TargetAdmin, world.TargetAdminPassword)
            {
                RateLimit = new TargetRateLimit { PerMinute = 60, Burst = 1 },
            });
        var roles = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostgresRoles.CreateAsync("kagi_import")));
        var job = Job(world, NewId());
        await job.StartAsync(world.Admin, "id,targetId,username,password\n" + string.Join("\n", roles.Select((r, i) => $"resumed-{i},slow,{r.Role},{r.Password}")));

        var midway = await Eventually.Async(() => job.GetAsync(world.Admin, 0, 1), j => j.Done >= 3, Patience);
        await job.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var done = await CompletedAsync(job, world.Admin);

        Assert.InRange(midway.Done, 3, 11);
        Assert.Equal((12, 12, 0), (done.Done, done.Created, done.Failed));
        var results = await AllLinesAsync(job, world.Admin, pageSize: 5);
        Assert.Equal(Enumerable.Range(2, 12), results.Select(r => r.Line));
        Assert.All(results, r => Assert.True(r.Created));
        var listed = await fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId).ListAccountsAsync(world.Admin, AccountQuery.All, null, 100);
        Assert.Equal(13, listed.Accounts.Length);
    }

    [Fact]
    public async Task A_job_is_not_found_by_another_tenant_nor_by_a_member_who_is_not_an_admin()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var other = await TenantWorld.CreateAsync(fixture.Grains);
        var (role, password) = await PostgresRoles.CreateAsync("kagi_import");
        var id = NewId();
        await Job(world, id).StartAsync(world.Admin, $"id,targetId,username,password\nmine,pg,{role},{password}\n");

        var foreign = await Assert.ThrowsAsync<KagiException>(() => Job(world, id).GetAsync(other.Admin, 0, 10));
        Assert.Equal(ProblemCode.NotFound, foreign.Code);
        await Assert.ThrowsAsync<KagiException>(() => Job(world, id).GetAsync(world.Requester, 0, 10));
        Assert.Equal(1, (await CompletedAsync(Job(world, id), world.Admin)).Created);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Task<AccountImportJob> CompletedAsync(IAccountImportJobGrain job, Caller admin) =>
        Eventually.Async(() => job.GetAsync(admin, 0, 1), j => j.Status is "completed" or "failed", Patience);

    /// <summary>Every line result, page by page, as a caller reads them.</summary>
    private static async Task<List<ImportLineResult>> AllLinesAsync(IAccountImportJobGrain job, Caller admin, int pageSize)
    {
        var lines = new List<ImportLineResult>();
        var after = 0;
        while (true)
        {
            var page = await job.GetAsync(admin, after, pageSize);
            lines.AddRange(page.Lines);
            if (page.Next is not { } next)
            {
                return lines;
            }

            after = next;
        }
    }

    private IAccountImportJobGrain Job(TenantWorld world, string id) =>
        fixture.Grains.GetGrain<IAccountImportJobGrain>(GrainKeys.For(world.TenantId, id));

    private IPrivilegedAccountGrain Account(TenantWorld world, string id) =>
        fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, id));
}
