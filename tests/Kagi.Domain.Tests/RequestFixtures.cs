using System.Collections.Immutable;
using Kagi.Domain.Requests;
using Kagi.Identity;
using Kagi.Requests;
using Kagi.Requests.Workflows;

namespace Kagi.Tests.Domain;

/// <summary>
/// A small tenant for request-rule tests: alice and erin request, bob, carol and dave approve
/// (carol and dave are also in the "dba" and "security" groups), and the default one-step workflow.
/// </summary>
public static class RequestFixtures
{
    public static ImmutableArray<DirectoryEntry> People { get; } =
    [
        Person("alice", [KagiRoles.User], ["dba"]),
        Person("erin", [KagiRoles.User], []),
        Person("bob", [KagiRoles.Approver], []),
        Person("carol", [KagiRoles.Approver], ["dba", "security"]),
        Person("dave", [KagiRoles.Approver, KagiRoles.User], ["security"]),
    ];

    public static DirectoryEntry Person(string name, ImmutableArray<string> roles, ImmutableArray<string> groups) =>
        new(name, roles, name + "@example.test", DirectoryEntry.DefaultLocale, groups, Disabled: false);

    public static ApproverDirectory Directory(DateTimeOffset now, params DirectoryEntry[] extra) =>
        new(TenantDirectory.Of(People.Where(p => extra.All(e => e.Username != p.Username)).Concat(extra)), now);

    public static WorkflowDefinition OneStep(TimeSpan maximumWindow) =>
        WorkflowRules.Default with { MaximumWindow = maximumWindow, PendingTimeout = TimeSpan.FromDays(366) };

    public static AccessRequestState Submit(string requester, NewAccessRequest request, DateTimeOffset now) =>
        new Submitter(TimeSpan.FromDays(31)).Submit(requester, request, now);

    public static AccessRequestState Approve(AccessRequestState state, string approver, string? comment, DateTimeOffset now) =>
        AccessRequestLifecycle.Decide(state, Directory(now), approver, approve: true, comment, now).State;

    public static AccessRequestState Reject(AccessRequestState state, string approver, string reason, DateTimeOffset now) =>
        AccessRequestLifecycle.Decide(state, Directory(now), approver, approve: false, reason, now).State;

    /// <summary>Submits under the default workflow with a given maximum window and no early expiry.</summary>
    public sealed class Submitter(TimeSpan maximumWindow)
    {
        public AccessRequestState Submit(string requester, NewAccessRequest request, DateTimeOffset now) =>
            AccessRequestLifecycle.Submit(requester, request, WorkflowRules.DefaultId, OneStep(maximumWindow), Directory(now), now);
    }
}
