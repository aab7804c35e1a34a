using System.Reflection;
using Kagi.Audit;
using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Security;
using Kagi.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>
/// Issue 10, "endpoints read no body before authorization": the access gate refuses on the route alone, with the
/// pipeline's own decision, before anything touches the body (here a body that fails the test if it is read), and
/// a member's refusal is recorded once, from the route.
/// </summary>
public sealed class AccessGateTests
{
    private static FrontendRoute CreateTarget => FrontendRoutes.All.Single(route => route is { Method: "POST", Pattern: "/api/t/{tenant:tenant}/targets" });

    private static FrontendRoute SetAccountPolicy => FrontendRoutes.All.Single(route => route is { Method: "PUT", Pattern: "/api/t/{tenant:tenant}/accounts/{id:id}/policy" });

    private static FrontendRoute CheckOut => FrontendRoutes.All.Single(route => route is { Method: "POST", Pattern: "/api/t/{tenant:tenant}/accounts/{id:id}/checkout" });

    [Fact]
    public async Task A_caller_without_a_session_is_refused_401_before_a_byte_of_the_body_is_read()
    {
        var (http, body, audit) = Call(CreateTarget, caller: null);

        var refusal = await Assert.ThrowsAsync<KagiException>(() => AccessGate.InvokeAsync(http, BindsTheBody));

        Assert.Equal(ProblemCode.Unauthenticated, refusal.Code);
        Assert.False(body.Touched);
        Assert.Empty(audit.Appended);
    }

    [Fact]
    public async Task Another_tenants_admin_is_refused_404_before_the_body_is_read_and_nothing_is_recorded()
    {
        var (http, body, audit) = Call(CreateTarget, new Caller("other", "alice", [KagiRoles.Admin], null));

        var refusal = await Assert.ThrowsAsync<KagiException>(() => AccessGate.InvokeAsync(http, BindsTheBody));

        Assert.Equal(ProblemCode.NotFound, refusal.Code);
        Assert.False(body.Touched);
        Assert.Empty(audit.Appended);
    }

    [Fact]
    public async Task A_member_without_the_role_is_refused_403_before_the_body_is_read_and_recorded_once_from_the_route()
    {
        var (http, body, audit) = Call(SetAccountPolicy, new Caller("acme", "dave", [KagiRoles.Auditor], null), ("id", "db-admin"));

        var refusal = await Assert.ThrowsAsync<KagiException>(() => AccessGate.InvokeAsync(http, BindsTheBody));

        Assert.Equal(ProblemCode.Forbidden, refusal.Code);
        Assert.False(body.Touched);
        var record = Assert.Single(audit.Appended);
        Assert.Equal(("dave", "account.policy", "db-admin", "failure", "forbidden", (string?)null, (string?)null),
            (record.Actor, record.Action, record.Subject, record.Result, record.Detail, record.AccountId, record.RequestId));
    }

    [Fact]
    public async Task A_restricted_session_is_refused_with_the_step_it_owes_before_the_body_is_read()
    {
        var (http, body, _) = Call(CheckOut, new Caller("acme", "bob", [KagiRoles.User], null), ("id", "db-admin"), SessionRestriction.ChangePassword);

        var refusal = await Assert.ThrowsAsync<KagiException>(() => AccessGate.InvokeAsync(http, BindsTheBody));

        Assert.Equal(ProblemCode.StepRequired, refusal.Code);
        Assert.False(body.Touched);
    }

    [Fact]
    public async Task An_admitted_caller_goes_on_to_the_endpoint_which_reads_the_body()
    {
        var (http, body, audit) = Call(CreateTarget, new Caller("acme", "alice", [KagiRoles.Admin], null));

        await Assert.ThrowsAsync<TripwireException>(() => AccessGate.InvokeAsync(http, BindsTheBody));

        Assert.True(body.Touched);
        Assert.Empty(audit.Appended);
    }

    [Fact]
    public void Every_tenant_route_names_its_tenant_in_the_route_so_the_gate_can_decide()
    {
        var nameless = FrontendRoutes.All.Where(route => route.RequestType is { } type && RequestAccess.Of(type)?.Kind == RequestAccessKind.Tenant
            && route.Endpoint.RoutePattern.GetParameter(AccessGate.TenantRouteValue) is null).ToList();

        Assert.True(nameless.Count == 0, string.Join(Environment.NewLine, nameless));
    }

    private static Task BindsTheBody(HttpContext http) => http.Request.Body.ReadAsync(new byte[1]).AsTask();

    private static (HttpContext Http, Tripwire Body, AuditLog Audit) Call(FrontendRoute route, Caller? caller, (string Name, string Value)? routeValue = null,
        SessionRestriction restriction = SessionRestriction.None)
    {
        var callers = new Callers(caller, restriction);
        var audit = new AuditLog();
        var services = new ServiceCollection()
            .AddSingleton<ICallerContext>(callers)
            .AddSingleton(new AuditWriter(callers, AuditLog.Client(audit), TimeProvider.System))
            .BuildServiceProvider();
        var body = new Tripwire();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = route.Method;
        http.Request.Body = body;
        http.Request.RouteValues[AccessGate.TenantRouteValue] = "acme";
        if (routeValue is var (name, value))
        {
            http.Request.RouteValues[name] = value;
        }

        http.SetEndpoint(route.Endpoint);
        return (http, body, audit);
    }

    private sealed record Callers(Caller? Caller, SessionRestriction Restriction) : ICallerContext
    {
        public bool IsOperator => false;
        public string? IpAddress => "192.0.2.1";
        public string? UserAgent => null;
        public string? SessionKey => null;
        public bool IsApiToken => false;
    }

    private sealed class TripwireException() : Exception("The body was read.");

    /// <summary>A request body that records being touched and never gives a byte.</summary>
    private sealed class Tripwire : Stream
    {
        public bool Touched { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => Trip<long>();
        public override long Position { get => Trip<long>(); set => Trip<long>(); }

        public override int Read(byte[] buffer, int offset, int count) => Trip<int>();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Trip<int>());

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Trip<int>());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => Trip<long>();

        public override void SetLength(long value) => Trip<long>();

        public override void Write(byte[] buffer, int offset, int count) => Trip<int>();

        private T Trip<T>()
        {
            Touched = true;
            throw new TripwireException();
        }
    }

    /// <summary>The audit records appended through a cluster client that has only the audit log.</summary>
    internal sealed class AuditLog
    {
        public List<AuditEvent> Appended { get; } = [];

        public static IClusterClient Client(AuditLog log)
        {
            var client = DispatchProxy.Create<IClusterClient, GrainsProxy>();
            ((GrainsProxy)(object)client).Log = log;
            return client;
        }
    }

#pragma warning disable CA1852 // DispatchProxy needs them unsealed.
    public class GrainsProxy : DispatchProxy
    {
        internal AuditLog? Log { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: "GetGrain" } && targetMethod.ReturnType == typeof(IAuditLogGrain))
            {
                var grain = DispatchProxy.Create<IAuditLogGrain, AuditLogProxy>();
                ((AuditLogProxy)(object)grain).Log = Log;
                return grain;
            }

            throw new NotSupportedException(targetMethod?.Name);
        }
    }

    public class AuditLogProxy : DispatchProxy
    {
        internal AuditLog? Log { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: nameof(IAuditLogGrain.AppendAsync) })
            {
                Log!.Appended.Add((AuditEvent)args![0]!);
                return Task.FromResult<long?>(Log.Appended.Count);
            }

            throw new NotSupportedException(targetMethod?.Name);
        }
    }
#pragma warning restore CA1852
}
