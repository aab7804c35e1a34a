using Kagi.Siem;

namespace Kagi.Domain.Audit;

/// <summary>
/// Which SIEM URLs are sealed. A URL with user info or a query (where receivers take tokens) is
/// sealed with the tenant's data key and only its redacted form is stored readable, answered and
/// audited. Sending back the redacted form an admin was shown keeps the sealed URL, so settings can
/// be read, edited and put back without giving the credentials again. A stored URL of the shape
/// before sealing (plain, with credentials) is sealed by the next change or data-key rotation.
/// </summary>
public static class SiemCredentials
{
    public static SiemUrlKeeping Keeping(SiemDestination incoming, SiemDestination? stored)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (incoming.Kind != SiemKinds.Http || incoming.Url is null)
        {
            return SiemUrlKeeping.AsGiven;
        }

        if (stored is { Kind: SiemKinds.Http, SealedUrl: not null } && string.Equals(stored.Id, incoming.Id, StringComparison.Ordinal)
            && string.Equals(stored.Url, incoming.Url, StringComparison.Ordinal))
        {
            return SiemUrlKeeping.KeepStored;
        }

        return SiemUrl.HasSecrets(incoming.Url) ? SiemUrlKeeping.Seal : SiemUrlKeeping.AsGiven;
    }

    /// <summary>A stored destination as callers see it: the URL redacted, nothing sealed.</summary>
    public static SiemDestination Shown(SiemDestination stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { Url = SiemUrl.Shown(stored.Url), SealedUrl = null };
    }
}
