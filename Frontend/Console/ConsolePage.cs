using Kagi.Errors;
using Kagi.Frontend.Mediation;
using Kagi.Frontend.Problems;
using Kagi.Frontend.Security;
using Kagi.Identity;
using MediatR;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Kagi.Frontend.Console;

/// <summary>
/// A console page of one tenant. It sends the same MediatR requests as the API, so authorization,
/// validation and audit happen once, in the pipeline; a refusal becomes the page's HTTP status and a
/// message in the reader's language.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [Parameter]
    public string Tenant { get; set; } = "";

    [CascadingParameter]
    public HttpContext Http { get; set; } = null!;

    [Inject]
    protected IMediator Mediator { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    protected IStringLocalizer<ConsoleText> Text { get; set; } = null!;

    /// <summary>The tenant in its canonical form, or null when the route names no valid tenant.</summary>
    protected string? TenantId => Identifiers.CanonicalizeTenant(Tenant);

    protected Caller? Caller => Http.RequestServices.GetRequiredService<ICallerContext>().Caller;

    /// <summary>What went wrong with the last request sent, in the reader's language.</summary>
    protected string? Problem { get; private set; }

    /// <summary>The problem type of the last refusal, if the last request was refused.</summary>
    protected ProblemType? Refusal { get; private set; }

    /// <summary>The fields the last request was refused for, by name.</summary>
    protected IReadOnlyCollection<string> InvalidFields { get; private set; } = [];

    protected string Href(string relative) => ConsoleSession.PathOf(TenantId ?? Tenant) + relative;

    /// <summary>Sends <paramref name="request"/>; on a refusal sets the status and <see cref="Problem"/> and returns default.</summary>
    protected async Task<TResponse?> SendAsync<TResponse>(MediatR.IRequest<TResponse> request)
    {
        Problem = null;
        Refusal = null;
        InvalidFields = [];
        try
        {
            return await Mediator.Send(request, Http.RequestAborted);
        }
        catch (KagiException refused)
        {
            InvalidFields = refused.Fields is { } fields ? [.. fields.Keys] : [];
            Refuse(ProblemTypes.Of(refused.Code));
        }
        catch (RequestValidationException invalid)
        {
            InvalidFields = [.. invalid.Errors.Keys];
            Refuse(ProblemTypes.Of(ProblemCode.Invalid));
        }

        return default;
    }

    protected void Refuse(ProblemType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!Http.Response.HasStarted)
        {
            Http.Response.StatusCode = type.Status;
        }

        Refusal = type;
        Problem = ConsoleProblems.Describe(Text, type);
    }
}
