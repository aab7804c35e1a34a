using System.Net;
using Xunit;

namespace Kagi.Tests.EndToEnd;

/// <summary>Issue 14: the Orleans Dashboard is off unless the operator switches it on (KAGI_DASHBOARD=on).</summary>
[Collection(SecondKagiDeploymentGroup.Name)]
public sealed class DashboardDefaultTests(KagiDeployment kagi)
{
    [Fact]
    public async Task The_dashboard_is_off_by_default_even_for_the_operator_while_metrics_are_served()
    {
        var bearer = "Bearer " + kagi.OperatorToken;
        Assert.Equal(HttpStatusCode.NotFound, (await ObservedKagi.GetOperatorAsync(kagi.SiloOperatorUrl, "/operator/dashboard/", bearer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ObservedKagi.GetOperatorAsync(kagi.SiloOperatorUrl, "/operator/metrics", bearer)).Status);
        // Without the token not even the answer "no such page" is given.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ObservedKagi.GetOperatorAsync(kagi.SiloOperatorUrl, "/operator/dashboard/", null)).Status);
    }
}
