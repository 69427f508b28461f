using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Claims;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using System.Xml;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Generated inputs shared by the benchmarks (nothing is read from disk or committed): a test PKI, alice's user
/// certificate, RSA-2048 and ECDSA P-256 token-signing certificates, and the Response model the federation server
/// builds for alice. <see cref="NewResponse"/> mirrors <c>Server/SignIn/SamlResponseFactory.CreateSuccess</c> and
/// <see cref="Issue"/> mirrors <c>Server/SignIn/SamlResponseIssuer.CreateForm</c> (same Protocols writer, signer and
/// binding); the Server assembly is not referenced so the benchmarks build while the Server is being edited.
/// </summary>
public sealed class Fixtures
{
    public const string RelyingPartyId = "https://localhost:44301/";
    public const string AcsUrl = "https://localhost:44301/saml2/acs";
    public const string EntityId = "https://localhost:44300/adfs/services/trust";

    private readonly SamlIdGenerator _ids = new();
    private readonly SamlResponseWriter _writer = new();
    private readonly XmlSigner _signer = new();
    private readonly HttpPostBinding _post = new();
    private readonly SignedXmlMessageWriter _signedWriter = new();

    public Fixtures()
    {
        Pki = TestPki.Create(new FixedTimeProvider(Now));
        Alice = Pki.IssueUser("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        RsaSigning = CertificateFactory.CreateTokenSigning("CN=CertAuth Bench Token Signing", Now.AddDays(-1), Now.AddYears(1));
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CertAuth Bench Token Signing (ECDSA)", ec, HashAlgorithmName.SHA256);
        using var ecCert = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
        EcdsaSigning = X509CertificateLoader.LoadPkcs12(ecCert.Export(X509ContentType.Pkcs12), null);
        RequestId = _ids.NewId();
        var claims = new List<(string Type, string Value)>
        {
            ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "alice@contoso.com"),
            ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "alice@contoso.com"),
            ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "Alice"),
            ("http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID", "b2xpY2UtaW1tdXRhYmxlLWlk"),
            ("http://schemas.microsoft.com/claims/authnmethodsreferences", "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/x509"),
        };
        claims.AddRange(new CertificateClaimsBuilder().Build(Alice).Select(c => (c.Type, c.Value)));
        Claims = claims;
    }

    /// <summary>A fixed clock, so an issued response stays valid however long a run takes.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public TestPki Pki { get; }

    public X509Certificate2 Alice { get; }

    public X509Certificate2 RsaSigning { get; }

    public X509Certificate2 EcdsaSigning { get; }

    public string RequestId { get; }

    public IReadOnlyList<(string Type, string Value)> Claims { get; }

    /// <summary>The Response model for alice: one Assertion, bearer confirmation, conditions, ~25 attributes.</summary>
    public SamlResponse NewResponse()
    {
        var statement = new AttributeStatement();
        foreach (var group in Claims.GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            var attribute = new SamlAttribute { Name = group.Key, NameFormat = AttributeNameFormats.Uri };
            foreach (var claim in group)
            {
                attribute.Values.Add(claim.Value);
            }

            statement.Attributes.Add(attribute);
        }

        var assertion = new Assertion
        {
            Id = _ids.NewId(),
            IssueInstant = Now,
            Issuer = EntityId,
            Subject = new Subject
            {
                NameId = new NameId { Format = NameIdFormats.Unspecified, Value = "alice@contoso.com" },
                SubjectConfirmations =
                {
                    new SubjectConfirmation
                    {
                        Method = SubjectConfirmationMethods.Bearer,
                        Data = new SubjectConfirmationData { Recipient = AcsUrl, InResponseTo = RequestId, NotOnOrAfter = Now.AddMinutes(5) },
                    },
                },
            },
            Conditions = new Conditions
            {
                NotBefore = Now.AddMinutes(-5),
                NotOnOrAfter = Now.AddHours(1),
                AudienceRestrictions = { new AudienceRestriction { Audiences = { RelyingPartyId } } },
            },
            AuthnStatements = { new AuthnStatement { AuthnInstant = Now, SessionIndex = _ids.NewId(), AuthnContextClassRef = AuthnContextClasses.X509 } },
            AttributeStatement = statement,
        };
        var response = new SamlResponse
        {
            Id = _ids.NewId(),
            InResponseTo = RequestId,
            IssueInstant = Now,
            Destination = AcsUrl,
            Issuer = EntityId,
            Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        };
        response.Assertions.Add(assertion);
        return response;
    }

    /// <summary>
    /// Write, sign every Assertion in one pass (SignedXmlMessageWriter: canonical bytes = wire bytes), base64 for the
    /// POST form: what SamlResponseIssuer.CreateForm does.
    /// </summary>
    public string IssueOnePass(SamlResponse response, X509Certificate2 signingCertificate, string signatureAlgorithm, bool signResponse = false)
    {
        var document = _writer.Write(response);
        var root = document.DocumentElement!;
        var targets = root.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "Assertion" && e.NamespaceURI == SamlNamespaces.Assertion)
            .Select(e => (e, "ID"))
            .ToList();
        if (signResponse)
        {
            targets.Add((root, "ID"));
        }

        return Convert.ToBase64String(_signedWriter.Write(document, targets, signingCertificate, signatureAlgorithm));
    }

    /// <summary>
    /// Write, sign every Assertion with XmlSigner on the DOM, serialize, base64: what SamlResponseIssuer.CreateForm did
    /// before the one-pass writer (issue 16, second pass).
    /// </summary>
    public string Issue(SamlResponse response, X509Certificate2 signingCertificate, string signatureAlgorithm)
    {
        var document = _writer.Write(response);
        foreach (var assertion in document.DocumentElement!.ChildNodes.OfType<XmlElement>()
                     .Where(e => e.LocalName == "Assertion" && e.NamespaceURI == SamlNamespaces.Assertion)
                     .ToList())
        {
            _signer.Sign(assertion, signingCertificate, signatureAlgorithm);
        }

        return _post.Encode(document);
    }
}

/// <summary>A clock that always reads the same instant.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
