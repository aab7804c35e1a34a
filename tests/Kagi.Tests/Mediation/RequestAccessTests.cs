using Kagi.Frontend.Features.Accounts;
using Kagi.Frontend.Features.Auth;
using Kagi.Frontend.Features.Health;
using Kagi.Frontend.Features.Tenants;
using Kagi.Frontend.Features.Users;
using Kagi.Frontend.Mediation;
using MediatR;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>Every request says who may send it, once; the Frontend's start-up check and its authorization behavior hold to it.</summary>
public sealed class RequestAccessTests
{
    public sealed record Undeclared(string TenantId) : IRequest<Unit>, ITenantRequest;

    [AllowedRoles(KagiRoles.Admin)]
    public sealed record OperatorAndAdmin(string TenantId) : IRequest<Unit>, IOperatorRequest, ITenantRequest;

    [AnyRole]
    public sealed record AnyRoleWithoutTenant : IRequest<Unit>;

    [AllowedRoles("superuser")]
    public sealed record UnknownRole(string TenantId) : IRequest<Unit>, ITenantRequest;

    [AllowedRoles]
    public sealed record NoRole(string TenantId) : IRequest<Unit>, ITenantRequest;

    [Fact]
    public void The_start_up_check_refuses_a_request_type_that_declares_no_access_naming_it()
    {
        var problem = Assert.Single(RequestAccess.ProblemsWith([typeof(Undeclared)]));

        Assert.StartsWith("request Kagi.Tests.Mediation.RequestAccessTests.Undeclared declares no access", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        Assert.Null(RequestAccess.Of(typeof(Undeclared)));
    }

    [Fact]
    public void The_start_up_check_refuses_two_accesses_tenant_roles_without_a_tenant_and_unknown_or_no_roles()
    {
        var problems = RequestAccess.ProblemsWith([typeof(OperatorAndAdmin), typeof(AnyRoleWithoutTenant), typeof(UnknownRole), typeof(NoRole)]);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("OperatorAndAdmin declares more than one access (operator, allowed roles)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AnyRoleWithoutTenant declares tenant roles but is not an ITenantRequest", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("UnknownRole must name one or more of the roles", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("NoRole must name one or more of the roles", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_request_type_of_the_frontend_declares_exactly_one_access()
    {
        var assembly = typeof(RequestAccess).Assembly;

        Assert.Empty(RequestAccess.ProblemsIn(assembly));
        // The scan must actually find the slices' requests, or the check above proves nothing.
        Assert.Contains(typeof(CheckOut.Command), assembly.GetTypes().Where(RequestAccess.IsRequestType));
        Assert.True(assembly.GetTypes().Count(RequestAccess.IsRequestType) > 50);
    }

    [Fact]
    public void Existing_requests_keep_the_access_they_had()
    {
        Assert.Equal(RequestAccessKind.Anonymous, RequestAccess.Of(typeof(Login.Command))!.Kind);
        Assert.Equal(RequestAccessKind.Anonymous, RequestAccess.Of(typeof(Readiness.ReadyQuery))!.Kind);
        Assert.Equal(RequestAccessKind.Operator, RequestAccess.Of(typeof(CreateTenant.Command))!.Kind);
        Assert.Equal(new RequestAccess(RequestAccessKind.Tenant, null), RequestAccess.Of(typeof(CheckOut.Command)));
        Assert.Equal([KagiRoles.Admin], RequestAccess.Of(typeof(CreateUser.Command))!.Roles);
    }
}
