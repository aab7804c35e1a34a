using System.Net.Mail;

namespace Kagi.Identity;

/// <summary>A bare mailbox address (<c>name@domain</c>): no display name, no list, no line breaks.</summary>
public static class EmailAddresses
{
    public const int MaximumLength = 254;

    public static bool IsValid(string? address) =>
        address is { Length: > 0 and <= MaximumLength }
        && address.Trim() == address
        && !address.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal)
        && (parsed.Host.Contains('.', StringComparison.Ordinal) || parsed.Host == "localhost");
}
