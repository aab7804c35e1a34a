namespace Kagi.Domain.Sso.Saml;

/// <summary>The validator's answer: exactly one of <see cref="Assertion"/> and <see cref="Refusal"/> is set.</summary>
public sealed record SamlValidation
{
    private SamlValidation(SamlAssertion? assertion, SamlRefusal? refusal)
    {
        Assertion = assertion;
        Refusal = refusal;
    }

    public SamlAssertion? Assertion { get; }

    public SamlRefusal? Refusal { get; }

    public bool IsValid => Assertion is not null;

    public static SamlValidation Valid(SamlAssertion assertion) => new(assertion ?? throw new ArgumentNullException(nameof(assertion)), null);

    public static SamlValidation Refused(SamlRefusalReason reason, string detail) => new(null, new SamlRefusal(reason, detail));
}
