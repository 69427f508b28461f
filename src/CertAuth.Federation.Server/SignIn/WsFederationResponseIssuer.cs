using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.RelyingParties;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The answer to a WS-Federation sign-in (WS-Federation 1.2 §13.2.3): the same assertion model as the SAML 2.0
/// answer, written as a SAML 1.1 assertion (default) or a SAML 2.0 one per the trust's token type, signed in place
/// (enveloped, RSA-SHA256, exclusive C14N, Reference to <c>#AssertionID</c> or <c>#ID</c>) inside a
/// <c>t:RequestSecurityTokenResponse</c>, posted to the checked <c>wreply</c> with <c>wa</c>, <c>wresult</c> and the
/// unchanged <c>wctx</c>.
/// </summary>
public sealed class WsFederationResponseIssuer(
    SamlResponseFactory factory,
    AssertionWriter saml2Writer,
    Saml11AssertionWriter saml11Writer,
    RequestSecurityTokenResponseWriter responseWriter,
    XmlSigner signer,
    SignedXmlMessageWriter signedWriter,
    ITokenSigningCertificates signing)
{
    /// <summary>The signed <c>wresult</c> document.</summary>
    public XmlDocument CreateResult(SignInContext context, RelyingPartyTrust relyingParty, DirectoryUser user, IReadOnlyList<IssuedClaim> claims, DateTimeOffset now) =>
        CreateResult(relyingParty, factory.CreateAssertion(context, relyingParty, user, claims, now), now);

    /// <summary>The signed <c>wresult</c> document for an assertion already built (the sign-in session records its NameID).</summary>
    public XmlDocument CreateResult(RelyingPartyTrust relyingParty, Assertion assertion, DateTimeOffset now)
    {
        var (document, token, idAttribute) = WriteUnsigned(relyingParty, assertion, now);
        signer.Sign(token, signing.Primary, idAttribute: idAttribute);
        return document;
    }

    /// <summary>
    /// The signed <c>wresult</c> as the UTF-8 bytes sent (exclusive canonical form), written and signed in one pass by
    /// <see cref="SignedXmlMessageWriter"/>; the same signature as <see cref="CreateResult(RelyingPartyTrust, Assertion, DateTimeOffset)"/>.
    /// </summary>
    public byte[] CreateResultBytes(RelyingPartyTrust relyingParty, Assertion assertion, DateTimeOffset now)
    {
        var (document, token, idAttribute) = WriteUnsigned(relyingParty, assertion, now);
        return signedWriter.Write(document, [(token, idAttribute)], signing.Primary);
    }

    private (XmlDocument Document, XmlElement Token, string IdAttribute) WriteUnsigned(RelyingPartyTrust relyingParty, Assertion assertion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        ArgumentNullException.ThrowIfNull(assertion);
        var saml11 = relyingParty.TokenType != RelyingPartyTrust.Saml2Token;
        var (document, token) = responseWriter.Write(
            now,
            assertion.Conditions?.NotOnOrAfter ?? now + relyingParty.TokenLifetime,
            relyingParty.EntityId,
            saml11 ? WsFederationConstants.Saml11TokenType : WsFederationConstants.Saml2TokenType,
            doc => saml11 ? saml11Writer.CreateElement(doc, assertion) : saml2Writer.CreateElement(doc, assertion));
        return (document, token, saml11 ? Saml11Namespaces.AssertionIdAttribute : "ID");
    }

    /// <summary>The auto-POST form to the relying party's <c>wreply</c>.</summary>
    public AutoPostModel CreateForm(SignInContext context, RelyingPartyTrust relyingParty, DirectoryUser user, IReadOnlyList<IssuedClaim> claims, DateTimeOffset now) =>
        CreateForm(context, relyingParty, factory.CreateAssertion(context, relyingParty, user, claims, now), now);

    /// <summary>The auto-POST form to the relying party's <c>wreply</c>, for an assertion already built.</summary>
    public AutoPostModel CreateForm(SignInContext context, RelyingPartyTrust relyingParty, Assertion assertion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("wa", WsFederationConstants.SignIn),
            new("wresult", System.Text.Encoding.UTF8.GetString(CreateResultBytes(relyingParty, assertion, now))),
        };
        if (!string.IsNullOrEmpty(context.RelayState))
        {
            fields.Add(new("wctx", context.RelayState));
        }

        return new AutoPostModel(context.AssertionConsumerServiceUrl, fields);
    }
}
