using Kagi.Configuration;
using Kagi.Frontend;
using Kagi.Frontend.Console;
using Kagi.Frontend.Features.Scim;
using Kagi.Frontend.Hosting;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Problems;
using Kagi.Frontend.RateLimiting;
using Kagi.Frontend.Security;
using Microsoft.AspNetCore.Authentication;

// A request type that does not say who may send it is a defect: refuse to start, naming it.
if (RequestAccess.ProblemsIn(typeof(RequestAccess).Assembly) is { Count: > 0 } accessProblems)
{
    foreach (var problem in accessProblems)
    {
        await Console.Error.WriteLineAsync("kagi: access error: " + problem);
    }

    return 2;
}

// Settings files sit beside the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables(SettingsReader.EnvironmentPrefix);

FrontendSettings settings;
try
{
    settings = FrontendSettings.Read(new SettingsReader(builder.Configuration), TimeProvider.System);
}
catch (InvalidSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

builder.WebHost.UseUrls(settings.Urls);
// The console's files (its stylesheet and Blazor's script) as the build laid them out: Kagi runs from
// its build output, not only from a publish folder, in every environment. Where a publish folder
// holds them under wwwroot, there is no build manifest and this does nothing.
builder.WebHost.UseStaticWebAssets();
// The console's files do not change while Kagi runs. Served from a build's manifest, MapStaticAssets would otherwise
// watch them as in development: every asset answered no-cache, and a catch-all route whose constraint looks for a
// file on disk for every request that reaches routing, API calls included (about 8 % of the Frontend's CPU on an
// account read, issue 15 P1). An operator may still set ReloadStaticAssetsAtRuntime.
builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
if (settings.Tls is { } tls)
{
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(tls.Apply));
}

builder.AddKagiClusterClient(settings.Cluster);
builder.AddKagiTelemetry();

var services = builder.Services;
services.AddSingleton(settings);
services.AddSingleton(TimeProvider.System);
services.AddHttpContextAccessor();
services.AddScoped<ICallerContext, HttpCallerContext>();
services.AddSingleton<RecentAnswers>();
services.AddAuthentication(KagiClaims.Scheme)
    .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(KagiClaims.Scheme, options => options.ForwardDefaultSelector = ScimAuthentication.Selector)
    .AddScheme<AuthenticationSchemeOptions, ScimAuthentication>(ScimAuthentication.SchemeName, null);
services.AddProblemDetails(options => options.CustomizeProblemDetails = BadRequestDetail.CustomizeStatusProblem);
// SCIM paths answer in SCIM's error schema; everything else, as RFC 9457 problems.
services.AddExceptionHandler<ScimErrors>();
services.AddExceptionHandler<ProblemExceptionHandler>();
services.AddKagiRouting();
services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
services.AddKagiJson();
services.AddKagiMediator();
services.AddKagiApiDocumentation();
services.AddKagiRateLimits(settings);
// The console: Razor components rendered on the server, in English and Japanese.
services.AddLocalization();
services.AddRazorComponents();
services.AddAntiforgery(options =>
{
    options.Cookie.Name = "kagi_antiforgery";
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

var app = builder.Build();
app.UseRequestLogScope();
app.UseSecurityHeaders();
if (settings.Tls is { RedirectHttp: true } redirected)
{
    app.UsePlainHttpRedirect(redirected.HttpsPort);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCanonicalRouteValues();
app.UseRateLimiter();
app.UseBadTokenThrottle();
app.UseAuthentication();
// Before anything reads a body (antiforgery, idempotency keys, the endpoint's binding).
app.UseAccessGate();
app.UseConsoleCulture();
app.UseAntiforgery();
app.UseMiddleware<IdempotencyKeys>();
app.MapOperatorMetrics();
app.MapKagiEndpoints();
app.MapKagiApiDocumentation();
app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapConsoleForms();
app.MapConsoleDownloads();

await app.RunAsync();
return 0;
