using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Saml11;

/// <summary>
/// Writes an <see cref="Assertion"/> (the one model both SAML versions share) as a SAML 1.1 <c>saml:Assertion</c>
/// (SAML 1.1 Core §2.3.2): <c>AssertionID</c>, <c>Issuer</c> and <c>IssueInstant</c> attributes; Conditions with one
/// <c>AudienceRestrictionCondition</c> per audience restriction; one <c>AuthenticationStatement</c> per authentication
/// statement; one <c>AttributeStatement</c>. Each statement carries the subject (<c>NameIdentifier</c> and a bearer
/// <c>SubjectConfirmation</c>). A claim type is split at its last '/' into <c>AttributeNamespace</c> and
/// <c>AttributeName</c>, as AD FS writes them. The signature (<see cref="XmlSigner"/> with <c>AssertionID</c>) goes last.
/// </summary>
public sealed class Saml11AssertionWriter
{
    /// <summary>Writes the assertion as the root of a new document.</summary>
    public XmlDocument Write(Assertion assertion)
    {
        var document = XmlElementWriting.NewDocument();
        document.AppendChild(CreateElement(document, assertion));
        return document;
    }

    /// <summary>Creates the <c>saml:Assertion</c> element in <paramref name="document"/> (not yet appended).</summary>
    public XmlElement CreateElement(XmlDocument document, Assertion assertion)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentException.ThrowIfNullOrEmpty(assertion.Id, nameof(assertion));
        ArgumentException.ThrowIfNullOrEmpty(assertion.Issuer, nameof(assertion));
        if (assertion.Subject?.NameId is null)
        {
            throw new ArgumentException("A SAML 1.1 assertion for sign-in needs a subject name identifier.", nameof(assertion));
        }

        var element = Create(document, "Assertion");
        element.SetAttribute("MajorVersion", Saml11Namespaces.MajorVersion);
        element.SetAttribute("MinorVersion", Saml11Namespaces.MinorVersion);
        element.SetAttribute(Saml11Namespaces.AssertionIdAttribute, assertion.Id);
        element.SetAttribute("Issuer", assertion.Issuer);
        element.SetDateTime("IssueInstant", assertion.IssueInstant);

        if (assertion.Conditions is { } conditions)
        {
            var conditionsElement = element.AppendElement(Create(document, "Conditions"));
            conditionsElement.SetOptional("NotBefore", conditions.NotBefore);
            conditionsElement.SetOptional("NotOnOrAfter", conditions.NotOnOrAfter);
            foreach (var restriction in conditions.AudienceRestrictions)
            {
                var restrictionElement = conditionsElement.AppendElement(Create(document, "AudienceRestrictionCondition"));
                foreach (var audience in restriction.Audiences)
                {
                    restrictionElement.AppendTextElement(Create(document, "Audience"), audience);
                }
            }
        }

        // Schema order (SAML 1.1 Core §2.3.2): the statements may come in any order; attributes first, as AD FS does.
        if (assertion.AttributeStatement is { Attributes.Count: > 0 } attributes)
        {
            var statement = element.AppendElement(Create(document, "AttributeStatement"));
            statement.AppendChild(WriteSubject(document, assertion.Subject));
            foreach (var attribute in attributes.Attributes)
            {
                var (ns, name) = SplitClaimType(attribute.Name);
                var attributeElement = statement.AppendElement(Create(document, "Attribute"));
                attributeElement.SetAttribute("AttributeName", name);
                attributeElement.SetAttribute("AttributeNamespace", ns);
                foreach (var value in attribute.Values)
                {
                    attributeElement.AppendTextElement(Create(document, "AttributeValue"), value);
                }
            }
        }

        foreach (var authn in assertion.AuthnStatements)
        {
            var statement = element.AppendElement(Create(document, "AuthenticationStatement"));
            statement.SetAttribute("AuthenticationMethod", AuthenticationMethodFor(authn.AuthnContextClassRef));
            statement.SetDateTime("AuthenticationInstant", authn.AuthnInstant);
            statement.AppendChild(WriteSubject(document, assertion.Subject));
        }

        return element;
    }

    /// <summary>The SAML 1.1 AuthenticationMethod for a SAML 2.0 authentication context class (certificate: RFC 2246).</summary>
    public static string AuthenticationMethodFor(string? authnContextClassRef) => authnContextClassRef switch
    {
        AuthnContextClasses.X509 or AuthnContextClasses.TlsClient => Saml11Namespaces.TlsClientAuthenticationMethod,
        AuthnContextClasses.Password or AuthnContextClasses.PasswordProtectedTransport => Saml11Namespaces.PasswordAuthenticationMethod,
        _ => Saml11Namespaces.UnspecifiedAuthenticationMethod,
    };

    /// <summary>A claim type URI split at its last '/' (AttributeNamespace, AttributeName); one without '/' keeps an empty namespace.</summary>
    public static (string Namespace, string Name) SplitClaimType(string claimType)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimType);
        var slash = claimType.LastIndexOf('/');
        return slash > 0 && slash < claimType.Length - 1
            ? (claimType[..slash], claimType[(slash + 1)..])
            : (string.Empty, claimType);
    }

    private static XmlElement WriteSubject(XmlDocument document, Subject subject)
    {
        var element = Create(document, "Subject");
        var nameId = subject.NameId!;
        var nameIdentifier = element.AppendTextElement(Create(document, "NameIdentifier"), nameId.Value);
        nameIdentifier.SetOptional("Format", nameId.Format);
        nameIdentifier.SetOptional("NameQualifier", nameId.NameQualifier);
        var confirmation = element.AppendElement(Create(document, "SubjectConfirmation"));
        confirmation.AppendTextElement(Create(document, "ConfirmationMethod"), Saml11Namespaces.BearerConfirmation);
        return element;
    }

    private static XmlElement Create(XmlDocument document, string localName) =>
        document.CreateElement(Saml11Namespaces.AssertionPrefix, localName, Saml11Namespaces.Assertion);
}
