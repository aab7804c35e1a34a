using Kagi.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Kagi.Tests.Console;

/// <summary>Saves the page as docs/screenshots/&lt;name&gt;.&lt;language&gt;.png, so the README shows the console as the tests last saw it.</summary>
public static class ConsoleScreenshots
{
    public static async Task SaveAsync(IPage page, string name, string locale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(locale);
        var folder = Path.Combine(RepositoryLayout.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.{locale[..2]}.png"), FullPage = true });
    }
}
