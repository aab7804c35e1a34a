using System.Collections.Immutable;
using Kagi.Frontend.Features.Settings;

namespace Kagi.Frontend.Console.Pages.Admin;

/// <summary>
/// One section of the tenant's sign-in settings. It is read and saved through the requests the API's
/// GET and PUT /settings/{section} send, so who may change it, what is valid and what is audited are
/// decided once, in the pipeline and the grain; a refusal names its fields, shown beside their inputs.
/// </summary>
public abstract class SettingsPage<TSettings> : SignedInPage where TSettings : class
{
    private static readonly char[] Separators = [',', ' ', '\n', '\r', '\t', '、'];

    /// <summary>The section as the API names it, e.g. "lockout".</summary>
    protected abstract string Section { get; }

    /// <summary>The values in force, or null when the reader may not see them.</summary>
    protected TSettings? Current { get; private set; }

    /// <summary>The confirmation after a save, in the reader's language.</summary>
    protected string? Saved { get; private set; }

    protected override async Task LoadAsync() => Current = await SendAsync(new ReadSettings.Query(TenantId!, Section)) as TSettings;

    /// <summary>Sends <paramref name="value"/> as the API's PUT body would be; true when it was kept.</summary>
    protected async Task<bool> SaveAsync(object value)
    {
        Saved = null;
        if (await SendAsync(new ChangeSettings.Command(TenantId!, Section, value)) is not { } settings)
        {
            return false;
        }

        // Show what is now in force (the grain may have normalized it) from the answer itself: after a forced
        // allow-list, reading again from here would already be refused.
        Current = ReadSettings.SectionOf(settings, Section) as TSettings;
        Saved = Text["SettingsA.Saved"].Value;
        return true;
    }

    /// <summary>CIDRs typed one a line (or with commas or spaces between them); whether each is valid is the grain's to say.</summary>
    protected static ImmutableArray<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
