using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.TokenService.Saml;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>Plays the federation server: builds the Responses and assertions it would send, with the Protocols writer and signer.</summary>
public sealed class FederationServerSimulator(string entityId, X509Certificate2 signingCertificate, TimeProvider clock)
{
    private readonly SamlIdGenerator _ids = new();

    public string EntityId { get; } = entityId;

    public X509Certificate2 SigningCertificate { get; } = signingCertificate;

    /// <summary>The certificate an assertion names when a test passes none (the federation server always names one).</summary>
    public X509Certificate2? DefaultUserCertificate { get; set; }

    /// <summary>
    /// An assertion as the federation server issues it after a certificate sign-in: the certificate's serialnumber,
    /// issuer and authoritykeyidentifier claims (as CertificateClaimsBuilder writes them) for <paramref name="userCertificate"/>,
    /// else for <see cref="DefaultUserCertificate"/>; none when <paramref name="certificateClaims"/> is false.
    /// </summary>
    public Assertion NewAssertion(
        string recipient, string audience, string? inResponseTo, string upn, X509Certificate2? userCertificate, DateTimeOffset? authnInstant = null,
        bool certificateClaims = true, bool authorityKeyIdClaim = true)
    {
        userCertificate ??= certificateClaims ? DefaultUserCertificate : null;
        var now = clock.GetUtcNow();
        var assertion = new Assertion
        {
            Id = _ids.NewId(),
            IssueInstant = now,
            Issuer = EntityId,
            Subject = new Subject
            {
                NameId = new NameId { Format = NameIdFormats.Unspecified, Value = upn },
                SubjectConfirmations =
                {
                    new SubjectConfirmation
                    {
                        Method = SubjectConfirmationMethods.Bearer,
                        Data = new SubjectConfirmationData { Recipient = recipient, InResponseTo = inResponseTo, NotOnOrAfter = now.AddMinutes(5) },
                    },
                },
            },
            Conditions = new Conditions
            {
                NotBefore = now.AddMinutes(-5),
                NotOnOrAfter = now.AddHours(1),
                AudienceRestrictions = { new AudienceRestriction { Audiences = { audience } } },
            },
            AuthnStatements = { new AuthnStatement { AuthnInstant = authnInstant ?? now, SessionIndex = _ids.NewId(), AuthnContextClassRef = AuthnContextClasses.X509 } },
            AttributeStatement = new AttributeStatement(),
        };
        Add(assertion, SignInClaimTypes.Upn, upn);
        Add(assertion, SignInClaimTypes.ImmutableId, "immutable-" + upn);
        if (userCertificate is not null)
        {
            Add(assertion, SignInClaimTypes.SerialNumber, userCertificate.SerialNumber);
            Add(assertion, SignInClaimTypes.Issuer, userCertificate.Issuer);
            if (authorityKeyIdClaim && userCertificate.Extensions["2.5.29.35"] is { } aki
                && new X509AuthorityKeyIdentifierExtension(aki.RawData).KeyIdentifier is { } keyId)
            {
                Add(assertion, SignInClaimTypes.AuthorityKeyIdentifier, Convert.ToHexString(keyId.Span));
            }
        }

        return assertion;
    }

    /// <summary>A Response around <paramref name="assertion"/>, base64 for the HTTP-POST form.</summary>
    public string Response(
        Assertion? assertion, string destination, string? inResponseTo, bool signAssertion = true, bool signResponse = false,
        X509Certificate2? signWith = null, string statusCode = SamlStatusCodes.Success, Action<XmlDocument>? tamper = null)
    {
        var response = new SamlResponse
        {
            Id = _ids.NewId(),
            InResponseTo = inResponseTo,
            IssueInstant = clock.GetUtcNow(),
            Destination = destination,
            Issuer = assertion?.Issuer ?? EntityId,
            Status = new SamlStatus { StatusCode = statusCode },
        };
        if (assertion is not null)
        {
            response.Assertions.Add(assertion);
        }

        var document = new SamlResponseWriter().Write(response);
        var signer = new XmlSigner();
        if (signAssertion && document.DocumentElement!.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Assertion") is { } element)
        {
            signer.Sign(element, signWith ?? SigningCertificate);
        }

        if (signResponse)
        {
            signer.Sign(document.DocumentElement!, signWith ?? SigningCertificate);
        }

        tamper?.Invoke(document);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
    }

    /// <summary>A signed bare assertion, base64url, for the RFC 7522 grant.</summary>
    public string BareAssertion(Assertion assertion, X509Certificate2? signWith = null)
    {
        var document = new AssertionWriter().Write(assertion);
        new XmlSigner().Sign(document.DocumentElement!, signWith ?? SigningCertificate);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static void Add(Assertion assertion, string name, string value)
    {
        var attribute = new SamlAttribute { Name = name, NameFormat = AttributeNameFormats.Uri };
        attribute.Values.Add(value);
        assertion.AttributeStatement!.Attributes.Add(attribute);
    }
}
