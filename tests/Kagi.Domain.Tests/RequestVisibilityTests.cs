using Kagi.Domain.Requests;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class RequestVisibilityTests
{
    private static readonly AccessRequestState Request = new() { Exists = true, Requester = "bob", AccountId = "db" };

    [Theory]
    [InlineData("bob", KagiRoles.User, true)]
    [InlineData("carol", KagiRoles.Approver, true)]
    [InlineData("alice", KagiRoles.Admin, true)]
    [InlineData("dave", KagiRoles.Auditor, true)]
    [InlineData("erin", KagiRoles.User, false)]
    public void A_request_is_read_by_its_requester_approvers_admins_and_auditors_only(string username, string role, bool mayRead) =>
        Assert.Equal(mayRead, AccessRequestLifecycle.MayRead(Request, new Caller("acme", username, [role], null)));
}
