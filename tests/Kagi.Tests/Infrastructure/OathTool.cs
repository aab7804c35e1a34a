using System.Diagnostics;
using System.Globalization;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Debian's <c>oathtool</c> (package <c>oathtool</c>, installed by .ci/run): an implementation of
/// RFC 6238 independent of Otp.NET, to check Kagi's codes against.
/// </summary>
public static class OathTool
{
    public static async Task<string> TotpAsync(string base32Secret, DateTimeOffset at)
    {
        var start = new ProcessStartInfo("oathtool", ["--totp", "--base32", "--now", at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), base32Secret])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("oathtool did not start; install Debian's oathtool package.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"oathtool failed ({process.ExitCode}): {error}");
    }
}
