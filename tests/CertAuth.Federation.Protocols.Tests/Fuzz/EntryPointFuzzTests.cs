using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;
using CsCheck;

namespace CertAuth.Federation.Protocols.Tests.Fuzz;

/// <summary>
/// Issue 12 item 7: every public Protocols entry point for untrusted input (the bindings' decoders and RelayState check,
/// the safe loader, every element reader, the issuer reader, the WS-Federation metadata reader, the enveloped and the
/// HTTP-Redirect signature verifier) answers random and mutated input with a typed <see cref="SamlResult{T}"/> (or a
/// <see cref="SamlFailure"/>): no exception leaves any of them, and a refusal carries a defined reason and no XML. The
/// inputs are mutations of a signed document of every kind they read (LogoutRequest, LogoutResponse, AuthnRequest,
/// Response, SAML 1.1 assertion, metadata), random form values, and mutated signed HTTP-Redirect query strings. About
/// 4,500 cases; budget and seed in <see cref="FuzzBudget"/>.
/// </summary>
public sealed class EntryPointFuzzTests
{
    private static readonly X509Certificate2[] Trusted = [TestCertificates.PublicOnly(TestCertificates.IdpRsa)];
    private static readonly XmlDocument[] Signed = SignedDocuments();
    private static readonly string[] Wire = [.. Signed.Select(BindingEncoding.Serialize)];
    private static readonly HttpRedirectBinding Redirect = new();
    private static readonly string[] Queries = [.. Signed.Select(d => Redirect.EncodeQueryString("SAMLRequest", Unsigned(d), "relay-1", TestCertificates.IdpRsa))];

    [Fact]
    public void TheSignedDocuments_AreReadAndVerified_SoTheMutationsStartFromValidInput()
    {
        foreach (var wire in Wire)
        {
            var document = new SafeXmlLoader().Load(wire).Valid();
            var idAttribute = document.DocumentElement!.HasAttribute("AssertionID") ? "AssertionID" : "ID";
            Assert.Same(Trusted[0], new SignatureVerifier().Verify(document.DocumentElement!, Trusted, idAttribute: idAttribute).Valid().SigningCertificate);
        }

        foreach (var query in Queries)
        {
            Assert.Same(Trusted[0], new SignatureVerifier().VerifyRedirectSignature(query, Trusted).Valid().SigningCertificate);
            Assert.Equal("relay-1", Redirect.Decode(query).Valid().RelayState);
        }

        Assert.IsType<LogoutRequest>(new LogoutMessageReader().ReadRequest(Signed[0]).Valid());
        Assert.IsType<LogoutResponse>(new LogoutMessageReader().ReadResponse(Signed[1]).Valid());
        Assert.IsType<AuthnRequest>(new AuthnRequestReader().Read(Signed[2]).Valid());
        Assert.IsType<SamlResponse>(new SamlResponseReader().Read(Signed[3].DocumentElement!).Valid());
        Assert.IsType<Assertion>(new Saml11AssertionReader().Read(Signed[4].DocumentElement!).Valid());
        Assert.Equal(SamlScenario.IdpEntityId, new MetadataReader().Read(Signed[5]).Valid().EntityId);
    }

    [Fact]
    public void MutatedDocuments_EveryReaderAndTheVerifier_AnswerTyped() =>
        FuzzBudget.Run(Gen.Select(Gen.Int[0, Wire.Length - 1], SamlInputFuzzTests.Mutations(Wire.Max(w => w.Length))), 2000,
            t => ReadEverything(SamlInputFuzzTests.Mutate(Wire[t.Item1], t.Item2)), t => $"{t.Item1} {t.Item2}");

    [Fact]
    public void RandomFormValues_ThePostBindingAndTheLoader_AnswerTyped() =>
        FuzzBudget.Run(Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ <>\"'&;!\r\n\t%é"], 0, 2000], 1000, value =>
        {
            var post = new HttpPostBinding(new SamlBindingOptions { MaxRelayStateLength = 64 });
            Typed(post.CheckRelayState(value));
            Typed(post.Decode(value));
            Typed(new SafeXmlLoader().Load(value));
            if (post.Decode(value).IsValid(out var xml, out _))
            {
                ReadEverything(xml);
            }
        });

    [Fact]
    public void MutatedSignedRedirectQueries_TheDecoderAndTheQuerySignatureVerifier_AnswerTyped() =>
        FuzzBudget.Run(Gen.Select(Gen.Int[0, Queries.Length - 1], SamlInputFuzzTests.Mutations(Queries.Max(q => q.Length))), 1500, t =>
        {
            var query = SamlInputFuzzTests.Mutate(Queries[t.Item1], t.Item2);
            Typed(new SignatureVerifier().VerifyRedirectSignature(query, Trusted));
            Typed(new SignatureVerifier().VerifyRedirectSignature(query, Trusted, allowSha1: true));
            var decoded = Typed(Redirect.Decode(query));
            if (decoded.IsValid(out var message, out _))
            {
                ReadEverything(message.Xml);
            }
        }, t => $"{t.Item1} {t.Item2}");

    /// <summary>Every public reader over <paramref name="xml"/> (and over the root's child elements): typed answers only.</summary>
    private static void ReadEverything(string xml)
    {
        if (!Typed(new SafeXmlLoader().Load(xml)).IsValid(out var document, out _))
        {
            return;
        }

        var root = document.DocumentElement!;
        Typed(new SamlIssuerReader().ReadIssuer(document));
        Typed(new AuthnRequestReader().Read(document));
        Typed(new AuthnRequestReader().Read(root));
        Typed(new LogoutMessageReader().ReadRequest(document));
        Typed(new LogoutMessageReader().ReadResponse(document));
        Typed(new MetadataReader().Read(document));
        Typed(new MetadataReader().Read(root));
        Typed(new WsFederationMetadataReader().PassiveRequestorEndpoints(root, WsFederationMetadataReader.SecurityTokenServiceType));
        Typed(new SamlResponseReader().Read(root));
        Typed(new SamlResponseReader().Read(root, includeAssertions: false));
        foreach (var element in new[] { root }.Concat(root.ChildNodes.OfType<XmlElement>()))
        {
            Typed(new AssertionReader().Read(element));
            Typed(new Saml11AssertionReader().Read(element));
            Typed(new SignatureVerifier().Verify(element, Trusted));
            Typed(new SignatureVerifier().Verify(element, Trusted, allowSha1: true, idAttribute: "AssertionID"));
        }
    }

    private static SamlResult<T> Typed<T>(SamlResult<T> result)
    {
        if (result is SamlResult<T>.Invalid { Failure: var failure })
        {
            Typed(failure);
        }
        else
        {
            Assert.IsType<SamlResult<T>.Valid>(result);
        }

        return result;
    }

    private static void Typed(SamlFailure? failure)
    {
        if (failure is not null)
        {
            Assert.True(Enum.IsDefined(failure.Reason));
            Assert.DoesNotContain("<", failure.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The HTTP-Redirect binding signs the query, not the XML: a copy without the enveloped signature.</summary>
    private static XmlDocument Unsigned(XmlDocument signed)
    {
        var copy = (XmlDocument)signed.CloneNode(deep: true);
        foreach (var signature in copy.DocumentElement!.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature" && e.NamespaceURI == SamlNamespaces.XmlDsig).ToList())
        {
            copy.DocumentElement.RemoveChild(signature);
        }

        return copy;
    }

    private static XmlDocument[] SignedDocuments()
    {
        var scenario = new SamlScenario();
        var nameId = new NameId { Value = SamlScenario.UserUpn, Format = NameIdFormats.Persistent };
        var logoutRequest = new LogoutRequest
        {
            Id = new SamlIdGenerator().NewId(), IssueInstant = SamlScenario.Now, Destination = SamlScenario.AcsUrl, Issuer = SamlScenario.IdpEntityId,
            NotOnOrAfter = SamlScenario.Now.AddMinutes(5), NameId = nameId, SessionIndexes = { "_session-1" },
        };
        var logoutResponse = new LogoutResponse
        {
            Id = new SamlIdGenerator().NewId(), InResponseTo = "_request-1", IssueInstant = SamlScenario.Now, Destination = SamlScenario.AcsUrl,
            Issuer = SamlScenario.IdpEntityId, Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        };
        var authnRequest = new AuthnRequest
        {
            Id = SamlScenario.RequestId, IssueInstant = SamlScenario.Now, Issuer = SamlScenario.SpEntityId,
            Destination = "https://idp.example.com/adfs/ls/", AssertionConsumerServiceUrl = SamlScenario.AcsUrl,
        };
        var entity = new EntityDescriptor { EntityId = SamlScenario.IdpEntityId, Id = new SamlIdGenerator().NewId(), ValidUntil = SamlScenario.Now.AddDays(7) };
        var idp = new IdpSsoDescriptor();
        idp.SigningCertificates.Add(Trusted[0]);
        idp.SingleSignOnServices.Add(new SamlEndpoint { Binding = SamlBindingUris.HttpRedirect, Location = "https://idp.example.com/adfs/ls/" });
        entity.IdpSsoDescriptor = idp;

        var documents = new List<XmlDocument>
        {
            new LogoutMessageWriter().Write(logoutRequest),
            new LogoutMessageWriter().Write(logoutResponse),
            new AuthnRequestWriter().Write(authnRequest),
        };
        foreach (var document in documents)
        {
            new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        }

        documents.Add(scenario.WriteSigned(scenario.CreateResponse(), signAssertion: true, signResponse: true));
        var saml11 = new Saml11AssertionWriter().Write(scenario.CreateAssertion());
        new XmlSigner().Sign(saml11.DocumentElement!, TestCertificates.IdpRsa, idAttribute: Saml11Namespaces.AssertionIdAttribute);
        documents.Add(saml11);
        var metadata = new MetadataWriter().Write(entity);
        new XmlSigner().Sign(metadata.DocumentElement!, TestCertificates.IdpRsa);
        documents.Add(metadata);
        return [.. documents.Select(d => new SafeXmlLoader().Load(BindingEncoding.Serialize(d)).Valid())];
    }
}
