using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Protocols.Tests.TestKit;

/// <summary>A valid SP-initiated sign-on at a fixed instant; tests break one thing at a time.</summary>
internal sealed class SamlScenario
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public const string IdpEntityId = "https://idp.example.com/adfs/services/trust";
    public const string SpEntityId = "https://sp.example.com/";
    public const string AcsUrl = "https://sp.example.com/saml2/acs";
    public const string RequestId = "_0123456789abcdef0123456789abcdef";
    public const string UserUpn = "alice@example.com";

    private readonly SamlIdGenerator _ids = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public InMemoryAssertionReplayCache ReplayCache { get; }

    public SamlScenario()
    {
        ReplayCache = new InMemoryAssertionReplayCache(Time);
    }

    public Assertion CreateAssertion(string? recipient = AcsUrl, string? inResponseTo = RequestId)
    {
        var assertion = new Assertion
        {
            Id = _ids.NewId(),
            IssueInstant = Now,
            Issuer = IdpEntityId,
            Subject = new Subject { NameId = new NameId { Value = UserUpn, Format = NameIdFormats.Unspecified } },
            Conditions = new Conditions { NotBefore = Now.AddMinutes(-1), NotOnOrAfter = Now.AddHours(1) },
            AttributeStatement = new AttributeStatement(),
        };
        assertion.Subject.SubjectConfirmations.Add(new SubjectConfirmation
        {
            Method = SubjectConfirmationMethods.Bearer,
            Data = new SubjectConfirmationData { Recipient = recipient, NotOnOrAfter = Now.AddMinutes(5), InResponseTo = inResponseTo },
        });
        var restriction = new AudienceRestriction();
        restriction.Audiences.Add(SpEntityId);
        assertion.Conditions.AudienceRestrictions.Add(restriction);
        assertion.AuthnStatements.Add(new AuthnStatement
        {
            AuthnInstant = Now, SessionIndex = assertion.Id, AuthnContextClassRef = AuthnContextClasses.X509,
        });
        var upn = new SamlAttribute { Name = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", NameFormat = AttributeNameFormats.Uri };
        upn.Values.Add(UserUpn);
        assertion.AttributeStatement.Attributes.Add(upn);
        return assertion;
    }

    public SamlResponse CreateResponse(Assertion? assertion = null)
    {
        var response = new SamlResponse
        {
            Id = _ids.NewId(),
            IssueInstant = Now,
            InResponseTo = RequestId,
            Destination = AcsUrl,
            Issuer = IdpEntityId,
        };
        response.Assertions.Add(assertion ?? CreateAssertion());
        return response;
    }

    /// <summary>Writes the response, signing the assertion (and optionally the response) with the IdP key.</summary>
    public XmlDocument WriteSigned(
        SamlResponse response,
        bool signAssertion = true,
        bool signResponse = false,
        X509Certificate2? certificate = null,
        string algorithm = SignatureAlgorithms.RsaSha256)
    {
        var document = new SamlResponseWriter().Write(response);
        var signer = new XmlSigner();
        if (signAssertion)
        {
            foreach (var element in document.DocumentElement!.GetElementsByTagName("Assertion", SamlNamespaces.Assertion).OfType<XmlElement>().ToList())
            {
                signer.Sign(element, certificate ?? TestCertificates.IdpRsa, algorithm);
            }
        }

        if (signResponse)
        {
            signer.Sign(document.DocumentElement!, certificate ?? TestCertificates.IdpRsa, algorithm);
        }

        return document;
    }

    /// <summary>Serializes and reloads, as the receiving side sees it.</summary>
    public static XmlDocument Reload(XmlDocument document) => new SafeXmlLoader().Load(document.OuterXml).OrThrow();

    public static string ToPost(XmlDocument document) => new HttpPostBinding().Encode(document);

    public SamlResponseValidationParameters Parameters(
        string? expectedInResponseTo = RequestId,
        bool allowUnsolicited = false,
        bool requireSignedAssertion = true,
        bool allowSha1 = false,
        string expectedRecipient = AcsUrl,
        IReadOnlyList<TrustedIssuer>? issuers = null) => new()
    {
        TrustedIssuers = issuers ?? [new TrustedIssuer(IdpEntityId, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)])],
        ExpectedAudience = SpEntityId,
        ExpectedRecipient = expectedRecipient,
        ExpectedInResponseTo = expectedInResponseTo,
        AllowUnsolicited = allowUnsolicited,
        RequireSignedAssertion = requireSignedAssertion,
        AllowSha1 = allowSha1,
        TimeProvider = Time,
        ReplayCache = ReplayCache,
    };

    public static XmlElement Child(XmlElement parent, string ns, string localName) =>
        parent.ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == localName && e.NamespaceURI == ns);

    public static XmlElement AssertionOf(XmlDocument response) =>
        Child(response.DocumentElement!, SamlNamespaces.Assertion, "Assertion");
}
