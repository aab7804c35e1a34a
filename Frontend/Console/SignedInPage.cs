using Kagi.Errors;
using Kagi.Frontend.Problems;

namespace Kagi.Frontend.Console;

/// <summary>
/// A page for a signed-in member of the tenant. Without a session the reader is sent to sign in; a
/// session of another tenant sees "not found", as the API answers it. What the member may do on the
/// page is decided by the requests it sends, not here.
/// </summary>
public abstract class SignedInPage : ConsolePage
{
    /// <summary>False when the page must not render its content (not found).</summary>
    protected bool Ready { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        if (TenantId is null)
        {
            Refuse(ProblemTypes.Of(ProblemCode.NotFound));
            return;
        }

        if (Caller is not { } caller)
        {
            Navigation.NavigateTo(Href("/sign-in"));
            return;
        }

        if (caller.TenantId != TenantId)
        {
            Refuse(ProblemTypes.Of(ProblemCode.NotFound));
            return;
        }

        Ready = true;
        await LoadAsync();
    }

    protected abstract Task LoadAsync();
}
