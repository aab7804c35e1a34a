using System.Text;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Tests.EndToEnd;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>
/// What the access gate records for a member it refuses before the body is read (<see cref="RouteOnlyRequest"/>)
/// is what the endpoint's own request would have recorded, as far as the route names it: every audited tenant
/// endpoint of the route table runs in-process with a mediator that only keeps the request it is sent, and the
/// action must be the same, and each of subject, account and request id the same or, where the real one did not
/// come from the route (the body, a new id), left out.
/// </summary>
public sealed class RouteOnlyRequestTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task The_record_built_from_the_route_alone_matches_the_request_each_audited_endpoint_sends()
    {
        var mediator = new KeepingMediator();
        await using var app = await StartAsync(mediator);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        // SCIM routes send several requests each, built from the body; nobody but the tenant's SCIM client passes
        // their gate, and a refusal there (401, no tenant member) is recorded by no route-only record.
        var routes = FrontendRoutes.All.Where(route => route.RequestType is { } type && typeof(IAuditedRequest).IsAssignableFrom(type)
            && RequestAccess.Of(type)?.Kind == RequestAccessKind.Tenant && !route.Pattern.StartsWith("/scim/", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var routeValues = route.Endpoint.RoutePattern.Parameters.Where(p => p.Name != AccessGate.TenantRouteValue)
                .Select((p, i) => p.Name == "report" ? "usage" : $"route{i + 1}").ToList();
            var body = JsonBodies.BodyType(route) is { } bodyType ? JsonBodies.Shaped(bodyType)!.ToJsonString() : "";
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), PathOf(route, routeValues))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            mediator.Sent = null;
            using var answer = await http.SendAsync(request);
            if (mediator.Sent is not IAuditedRequest sent)
            {
                failures.Add($"{route}: sent no request ({(int)answer.StatusCode})");
                continue;
            }

            var declared = route.Endpoint.Metadata.GetMetadata<SendsRequest>()!.AuditAction;
            var built = RouteOnlyRequest.For(route.RequestType!, Tenant, routeValues, declared)!;
            Check(failures, route, "action", sent.AuditAction, built.AuditAction, routeValues, exact: true);
            Check(failures, route, "subject", sent.AuditSubject, built.AuditSubject, routeValues);
            Check(failures, route, "account id", sent.AuditAccountId, built.AuditAccountId, routeValues);
            Check(failures, route, "request id", sent.AuditRequestId, built.AuditRequestId, routeValues);
            Assert.Equal(Tenant, built.TenantId);
        }

        Assert.True(routes.Count > 30, $"only {routes.Count} audited tenant routes");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static void Check(List<string> failures, FrontendRoute route, string what, string? sent, string? built, List<string> routeValues, bool exact = false)
    {
        var fine = sent == built || (!exact && built is null && (sent is null || !routeValues.Contains(sent)));
        if (!fine)
        {
            failures.Add($"{route}: {what} sent '{sent}', built from the route '{built}'");
        }
    }

    private static Uri PathOf(FrontendRoute route, List<string> routeValues)
    {
        var values = new Queue<string>(routeValues);
        return new Uri(string.Concat(route.Endpoint.RoutePattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.Name == AccessGate.TenantRouteValue ? Tenant : values.Dequeue(),
            _ => "",
        })))), UriKind.Relative);
    }

    private static async Task<WebApplication> StartAsync(IMediator mediator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKagiRouting();
        builder.Services.AddKagiMediator();
        builder.Services.AddKagiJson();
        builder.Services.AddSingleton(mediator);
        var app = builder.Build();
        app.MapKagiEndpoints();
        await app.StartAsync();
        return app;
    }

    /// <summary>Keeps the request it is sent and goes no further (the endpoint then fails, which is fine here).</summary>
    private sealed class KeepingMediator : IMediator
    {
        public object? Sent { get; set; }

        public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) => Keep<TResponse>(request);

        public Task Publish(object notification, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification => Task.CompletedTask;

        private Task<T> Keep<T>(object request)
        {
            Sent ??= request;
            return Task.FromException<T>(new OperationCanceledException("kept"));
        }
    }
}
