using Kagi.Errors;
using Kagi.Tests.Infrastructure;
using Kagi.Vault;
using Xunit;

namespace Kagi.Tests.Cluster;

[Collection(KagiClusterGroup.Name)]
public sealed class AccountImportTests(KagiClusterFixture fixture)
{
    [Fact]
    public async Task An_import_with_one_refused_password_imports_nothing_and_names_the_line()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var (good, goodPassword) = await PostgresRoles.CreateAsync("kagi_import");
        var (bad, _) = await PostgresRoles.CreateAsync("kagi_import");
        var csv = $"id,targetId,username,password\nfirst,pg,{good},{goodPassword}\nsecond,pg,{bad},wrong-password\nthird,nowhere,{good},{goodPassword}\n";

        var result = await Import(world, csv);

        Assert.Equal(0, result.Imported);
        Assert.Equal([3, 4], result.Errors.Select(e => e.Line));
        Assert.Contains("no target 'nowhere'", result.Errors[1].Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<KagiException>(() => Account(world, "first").GetAsync(world.Admin));
        Assert.Equal(ProblemCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task A_clean_import_brings_every_account_under_management()
    {
        var world = await TenantWorld.CreateAsync(fixture.Grains);
        var roles = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresRoles.CreateAsync("kagi_import")));
        var csv = "id,targetId,username,password\n" + string.Join("\n", roles.Select((r, i) => $"imported-{i},pg,{r.Role},\"{r.Password}\""));

        var result = await Import(world, csv);

        Assert.Equal(3, result.Imported);
        Assert.Empty(result.Errors);
        var listed = await fixture.Grains.GetGrain<ITenantInventoryGrain>(world.TenantId).ListAccountsAsync(world.Admin, AccountQuery.All, null, 100);
        Assert.Equal(["db-owner", "imported-0", "imported-1", "imported-2"], listed.Accounts.Select(a => a.Id));
        Assert.Equal(roles[1].Role, (await Account(world, "imported-1").GetAsync(world.Admin)).Username);
    }

    private Task<AccountImportResult> Import(TenantWorld world, string csv) =>
        fixture.Grains.GetGrain<IAccountImportGrain>(GrainKeys.For(world.TenantId, Guid.NewGuid().ToString("N"))).ImportAsync(world.Admin, csv);

    private IPrivilegedAccountGrain Account(TenantWorld world, string id) =>
        fixture.Grains.GetGrain<IPrivilegedAccountGrain>(GrainKeys.For(world.TenantId, id));
}
