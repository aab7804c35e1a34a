namespace Kagi.Domain.Sso.Saml;

/// <summary>A refusal: the reason, and a short detail in our words (never the message's content beyond names and codes).</summary>
public sealed record SamlRefusal(SamlRefusalReason Reason, string Detail)
{
    public string Code => SamlRefusalReasons.Code(Reason);
}
