using System.Text;
using System.Xml;
using Kagi.Domain.Sso.Saml;
using Kagi.Errors;
using Kagi.Security;
using Kagi.Sso;
using Kagi.Tests.Cluster;
using Xunit;

namespace Kagi.Tests.Sso;

/// <summary>
/// Issue 12 against a real IdP: node saml-idp answers Kagi's own AuthnRequest with a response signed by
/// a key made for the run. That response is accepted as it is, tampered copies of it are refused, and
/// posting it twice is caught by the tenant's replay cache grain (so the class runs in the cluster's collection).
/// </summary>
[Collection(KagiClusterGroup.Name)]
public sealed class SamlIdpResponseTests(KagiClusterFixture cluster, SamlIdpFixture idp) : IClassFixture<SamlIdpFixture>
{
    private const string AssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string> Attributes = new() { ["email"] = "alice@kagi.test", ["groups"] = "pam-approvers" };

    [Fact]
    public async Task A_real_response_to_our_authn_request_is_accepted()
    {
        var (request, response) = await SignInAsync();

        var result = Validate(response, request);

        Assert.True(result.IsValid, result.Refusal?.Detail);
        Assert.Equal("alice@kagi.test", result.Assertion!.NameId);
        Assert.Equal<string>(["pam-approvers"], result.Assertion.Attributes["groups"]);
        Assert.Equal<string>(["alice@kagi.test"], result.Assertion.Attributes["email"]);
        Assert.StartsWith("_", result.Assertion.AssertionId, StringComparison.Ordinal);
        Assert.InRange(result.Assertion.NotOnOrAfter, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2));
    }

    [Fact]
    public async Task A_real_response_with_an_edited_attribute_is_refused()
    {
        var (request, response) = await SignInAsync();
        var document = Load(response);
        var groups = document.GetElementsByTagName("Attribute", AssertionNs).OfType<XmlElement>().Single(a => a.GetAttribute("Name") == "groups");
        groups.GetElementsByTagName("AttributeValue", AssertionNs)[0]!.InnerText = "admins";

        AssertRefused(SamlRefusalReason.SignatureInvalid, Validate(Encode(document), request));
    }

    [Fact]
    public async Task A_real_response_wrapped_around_an_unsigned_assertion_is_refused()
    {
        var (request, response) = await SignInAsync();

        var beside = Load(response);
        beside.DocumentElement!.AppendChild(Evil(beside));
        AssertRefused(SamlRefusalReason.AssertionCount, Validate(Encode(beside), request));

        // The signed assertion moved under Extensions, the attacker's in its place.
        var moved = Load(response);
        var signed = (XmlElement)moved.GetElementsByTagName("Assertion", AssertionNs)[0]!;
        var extensions = moved.CreateElement("samlp", "Extensions", "urn:oasis:names:tc:SAML:2.0:protocol");
        moved.DocumentElement!.ReplaceChild(Evil(moved), signed);
        moved.DocumentElement.InsertAfter(extensions, moved.DocumentElement.FirstChild);
        extensions.AppendChild(signed);
        AssertRefused(SamlRefusalReason.AssertionCount, Validate(Encode(moved), request));
    }

    [Fact]
    public async Task A_real_response_for_another_audience_is_refused()
    {
        var (request, response) = await SignInAsync();

        // Signed for acme's entity id, presented to another tenant's SP at the same address.
        var other = SamlServiceProvider.For(new Uri("http://127.0.0.1:18080"), "other");
        var expected = Expectations(request) with { SpEntityId = other.EntityId };
        AssertRefused(SamlRefusalReason.Audience, SamlResponseValidator.Validate(response, expected, DateTimeOffset.UtcNow));

        // And the audience rewritten to ours breaks the IdP's signature.
        var document = Load(response);
        document.GetElementsByTagName("Audience", AssertionNs)[0]!.InnerText = other.EntityId;
        AssertRefused(SamlRefusalReason.SignatureInvalid, SamlResponseValidator.Validate(Encode(document), expected, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_real_response_is_refused_for_another_request_or_another_certificate()
    {
        var (request, response) = await SignInAsync();
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        using var otherCertificate = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=saml-idp.kagi.test", otherKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        AssertRefused(SamlRefusalReason.InResponseTo, SamlResponseValidator.Validate(response, Expectations(request) with { InResponseTo = "_another-request" }, DateTimeOffset.UtcNow));
        AssertRefused(SamlRefusalReason.SignatureInvalid, SamlResponseValidator.Validate(response, Expectations(request) with { SigningCertificates = [otherCertificate] }, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_real_response_posted_twice_is_refused_by_the_replay_cache()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var (request, response) = await SignInAsync();
        var replay = cluster.Grains.GetGrain<ISamlReplayGrain>(tenantId);

        var first = Validate(response, request).Assertion!;
        var again = Validate(response, request).Assertion!; // the validator alone cannot tell
        Assert.Equal(SamlReplayOutcome.FirstUse, await replay.UseAsync(Caller.System(tenantId), first.AssertionId, first.NotOnOrAfter));
        Assert.Equal(SamlReplayOutcome.Replayed, await replay.UseAsync(Caller.System(tenantId), again.AssertionId, again.NotOnOrAfter));

        var (freshRequest, fresh) = await SignInAsync();
        var next = Validate(fresh, freshRequest).Assertion;
        Assert.NotNull(next);
        Assert.Equal(SamlReplayOutcome.FirstUse, await replay.UseAsync(Caller.System(tenantId), next.AssertionId, next.NotOnOrAfter));

        var admin = new Caller(tenantId, "admin", [KagiRoles.Admin], null);
        Assert.Equal(ProblemCode.Forbidden, (await Assert.ThrowsAsync<KagiException>(() => replay.UseAsync(admin, "_forged", DateTimeOffset.UtcNow.AddMinutes(5)))).Code);
        Assert.Equal(ProblemCode.NotFound, (await Assert.ThrowsAsync<KagiException>(() => replay.UseAsync(Caller.System("elsewhere"), "_forged", DateTimeOffset.UtcNow.AddMinutes(5)))).Code);
    }

    private static void AssertRefused(SamlRefusalReason reason, SamlValidation result)
    {
        Assert.False(result.IsValid, $"accepted, expected {reason}");
        Assert.Equal(reason, result.Refusal!.Reason);
    }

    private async Task<(SamlAuthnRequest Request, string Response)> SignInAsync()
    {
        var request = SamlAuthnRequest.Create(SamlIdpFixture.Sp.EntityId, SamlIdpFixture.Sp.AcsUrl, idp.SsoUrl.ToString(), DateTimeOffset.UtcNow, CryptoRandom.Shared);
        return (request, await idp.SignInAsync(request, "alice@kagi.test", Attributes));
    }

    private SamlExpectations Expectations(SamlAuthnRequest request) =>
        new(SamlIdpFixture.Sp.EntityId, SamlIdpFixture.Sp.AcsUrl, SamlIdpFixture.Issuer, [idp.Certificate], request.Id, Skew);

    private SamlValidation Validate(string response, SamlAuthnRequest request) =>
        SamlResponseValidator.Validate(response, Expectations(request), DateTimeOffset.UtcNow);

    private static XmlDocument Load(string response)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(response)));
        return document;
    }

    private static string Encode(XmlDocument document) => Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));

    // A copy of the signed assertion for mallory, its signature removed and its id changed.
    private static XmlElement Evil(XmlDocument document)
    {
        var evil = (XmlElement)document.GetElementsByTagName("Assertion", AssertionNs)[0]!.CloneNode(deep: true);
        evil.SetAttribute("ID", "_evil");
        var signature = evil.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!;
        signature.ParentNode!.RemoveChild(signature);
        evil.GetElementsByTagName("NameID", AssertionNs)[0]!.InnerText = "mallory@kagi.test";
        return evil;
    }
}
