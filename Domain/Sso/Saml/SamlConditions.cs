using System.Xml;

namespace Kagi.Domain.Sso.Saml;

/// <summary>
/// The time and audience checks of an Assertion (SAML core §2.5, profiles §4.1.4.2): a bearer
/// confirmation for this ACS URL answering this request and still running, and Conditions whose
/// window holds and whose every AudienceRestriction names this SP. Each time is compared with the
/// allowed skew on the lenient side only.
/// </summary>
internal static class SamlConditions
{
    public static SamlValidation? CheckBearer(XmlElement subject, SamlExpectations expected, DateTimeOffset now, out DateTimeOffset until)
    {
        until = default;
        SamlValidation? first = null;
        foreach (var confirmation in SamlDocument.Children(subject, SamlNames.Assertion, "SubjectConfirmation")
                     .Where(c => c.GetAttribute("Method") == SamlNames.BearerConfirmation))
        {
            var refusal = CheckConfirmation(SamlDocument.Child(confirmation, SamlNames.Assertion, "SubjectConfirmationData"), expected, now, out until);
            if (refusal is null)
            {
                return null;
            }

            first ??= refusal;
        }

        return first ?? SamlValidation.Refused(SamlRefusalReason.Recipient, "The Assertion has no bearer confirmation.");
    }

    public static SamlValidation? Check(XmlElement assertion, SamlExpectations expected, DateTimeOffset now, out DateTimeOffset? until)
    {
        until = null;
        if (SamlDocument.Child(assertion, SamlNames.Assertion, "Conditions") is not { } conditions)
        {
            return SamlValidation.Refused(SamlRefusalReason.Audience, "The Assertion has no Conditions, so no audience.");
        }

        if (CheckWindow(conditions, expected.AllowedSkew, now, required: false, out until) is { } window)
        {
            return window;
        }

        var restrictions = SamlDocument.Children(conditions, SamlNames.Assertion, "AudienceRestriction").ToList();
        var ours = restrictions.Count > 0 && restrictions.All(r => SamlDocument.Children(r, SamlNames.Assertion, "Audience")
            .Any(a => SamlDocument.TextOf(a) == expected.SpEntityId));
        return ours ? null : SamlValidation.Refused(SamlRefusalReason.Audience, "The Assertion is meant for another service provider.");
    }

    private static SamlValidation? CheckConfirmation(XmlElement? data, SamlExpectations expected, DateTimeOffset now, out DateTimeOffset until)
    {
        until = default;
        if (data is null || SamlDocument.Attribute(data, "Recipient") != expected.AcsUrl)
        {
            return SamlValidation.Refused(SamlRefusalReason.Recipient, "The bearer confirmation names another recipient than this ACS URL.");
        }

        if (SamlDocument.Attribute(data, "InResponseTo") != expected.InResponseTo)
        {
            return SamlValidation.Refused(SamlRefusalReason.InResponseTo, "The Assertion answers another sign-in request.");
        }

        var refusal = CheckWindow(data, expected.AllowedSkew, now, required: true, out var end);
        until = end ?? default;
        return refusal;
    }

    // NotBefore ≤ now + skew and now < NotOnOrAfter + skew; a bearer confirmation must give its end.
    private static SamlValidation? CheckWindow(XmlElement element, TimeSpan skew, DateTimeOffset now, bool required, out DateTimeOffset? notOnOrAfter)
    {
        notOnOrAfter = null;
        var notBeforeText = SamlDocument.Attribute(element, "NotBefore");
        var notOnOrAfterText = SamlDocument.Attribute(element, "NotOnOrAfter");
        var notBefore = SamlTime.Parse(notBeforeText);
        notOnOrAfter = SamlTime.Parse(notOnOrAfterText);
        if ((notBeforeText is not null && notBefore is null) || (notOnOrAfterText is not null && notOnOrAfter is null))
        {
            return SamlValidation.Refused(SamlRefusalReason.Malformed, $"A time in the {element.LocalName} is not a UTC xs:dateTime.");
        }

        if (notBefore is { } start && now + skew < start)
        {
            return SamlValidation.Refused(SamlRefusalReason.NotYetValid, $"The {element.LocalName} is not valid yet.");
        }

        if (notOnOrAfter is { } end ? now >= end + skew : required)
        {
            return SamlValidation.Refused(SamlRefusalReason.Expired, $"The {element.LocalName} has expired.");
        }

        return null;
    }
}
