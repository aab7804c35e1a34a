using System.Buffers.Text;

namespace Kagi.Domain.Vault;

/// <summary>
/// Rules of an SSH target's pinned host key. Fingerprints have one spelling, <c>SHA256:</c> and unpadded
/// base64 as <c>ssh-keygen -l</c> prints them, so a pin given with or without the prefix or padding compares
/// equal to what the server presents. A fingerprint is not a secret: it may be shown, audited and mailed.
/// </summary>
public static class HostKeyPin
{
    public const string Prefix = "SHA256:";

    // 32 bytes of SHA-256 are 43 base64 characters without padding.
    private const int UnpaddedLength = 43;

    /// <summary>The canonical <c>SHA256:…</c> form, or null when <paramref name="fingerprint"/> is not a SHA-256 fingerprint.</summary>
    public static string? Canonical(string? fingerprint)
    {
        if (fingerprint is null)
        {
            return null;
        }

        var body = fingerprint.Trim();
        if (body.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            body = body[Prefix.Length..];
        }

        body = body.TrimEnd('=');
        return body.Length == UnpaddedLength && Base64.IsValid(body + "=", out var bytes) && bytes == 32 ? Prefix + body : null;
    }

    /// <summary>True when the server presented the pinned key. A pin that is not a fingerprint matches nothing.</summary>
    public static bool Matches(string pinned, string presented) =>
        Canonical(pinned) is { } expected && string.Equals(expected, Canonical(presented), StringComparison.Ordinal);

    /// <summary>
    /// The target's mismatch after the server presented <paramref name="presented"/> instead of the pin, and whether
    /// it is new. Only a new mismatch is audited and told to the admins: once the target is stopped it is not
    /// contacted again, and a retry that still finds it stopped must not alert anyone a second time.
    /// </summary>
    public static (HostKeyMismatch Mismatch, bool IsNew) Observe(HostKeyMismatch? current, string presented, DateTimeOffset now) =>
        current is not null ? (current, false) : (new HostKeyMismatch(Canonical(presented) ?? presented, now), true);

    /// <summary>Why <paramref name="fingerprint"/> cannot be pinned, or null.</summary>
    public static string? Problem(string? fingerprint) =>
        Canonical(fingerprint) is null
            ? "hostKeySha256 must be a SHA-256 host key fingerprint as ssh-keygen -l -E sha256 prints it (SHA256: and 43 base64 characters)."
            : null;
}
