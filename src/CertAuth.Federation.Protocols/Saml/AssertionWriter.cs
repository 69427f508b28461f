using System.Xml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Writes an <see cref="Assertion"/> as <c>saml:Assertion</c> (Core §2.3.3), elements in schema order.</summary>
public sealed class AssertionWriter
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

        var element = document.CreateSaml("Assertion");
        element.SetAttribute("ID", assertion.Id);
        element.SetAttribute("Version", SamlNamespaces.Version);
        element.SetDateTime("IssueInstant", assertion.IssueInstant);
        element.AppendTextElement(document.CreateSaml("Issuer"), assertion.Issuer);

        if (assertion.Subject is { } subject)
        {
            element.AppendChild(WriteSubject(document, subject));
        }

        if (assertion.Conditions is { } conditions)
        {
            element.AppendChild(WriteConditions(document, conditions));
        }

        foreach (var statement in assertion.AuthnStatements)
        {
            element.AppendChild(WriteAuthnStatement(document, statement));
        }

        if (assertion.AttributeStatement is { Attributes.Count: > 0 } attributes)
        {
            element.AppendChild(WriteAttributeStatement(document, attributes));
        }

        return element;
    }

    private static XmlElement WriteSubject(XmlDocument document, Subject subject)
    {
        var element = document.CreateSaml("Subject");
        if (subject.NameId is { } nameId)
        {
            var nameIdElement = element.AppendTextElement(document.CreateSaml("NameID"), nameId.Value);
            nameIdElement.SetOptional("NameQualifier", nameId.NameQualifier);
            nameIdElement.SetOptional("SPNameQualifier", nameId.SPNameQualifier);
            nameIdElement.SetOptional("Format", nameId.Format);
        }

        foreach (var confirmation in subject.SubjectConfirmations)
        {
            var confirmationElement = element.AppendElement(document.CreateSaml("SubjectConfirmation"));
            confirmationElement.SetAttribute("Method", confirmation.Method);
            if (confirmation.Data is { } data)
            {
                var dataElement = confirmationElement.AppendElement(document.CreateSaml("SubjectConfirmationData"));
                dataElement.SetOptional("NotBefore", data.NotBefore);
                dataElement.SetOptional("NotOnOrAfter", data.NotOnOrAfter);
                dataElement.SetOptional("Recipient", data.Recipient);
                dataElement.SetOptional("InResponseTo", data.InResponseTo);
            }
        }

        return element;
    }

    private static XmlElement WriteConditions(XmlDocument document, Conditions conditions)
    {
        var element = document.CreateSaml("Conditions");
        element.SetOptional("NotBefore", conditions.NotBefore);
        element.SetOptional("NotOnOrAfter", conditions.NotOnOrAfter);
        foreach (var restriction in conditions.AudienceRestrictions)
        {
            var restrictionElement = element.AppendElement(document.CreateSaml("AudienceRestriction"));
            foreach (var audience in restriction.Audiences)
            {
                restrictionElement.AppendTextElement(document.CreateSaml("Audience"), audience);
            }
        }

        return element;
    }

    private static XmlElement WriteAuthnStatement(XmlDocument document, AuthnStatement statement)
    {
        var element = document.CreateSaml("AuthnStatement");
        element.SetDateTime("AuthnInstant", statement.AuthnInstant);
        element.SetOptional("SessionIndex", statement.SessionIndex);
        element.SetOptional("SessionNotOnOrAfter", statement.SessionNotOnOrAfter);
        var context = element.AppendElement(document.CreateSaml("AuthnContext"));
        context.AppendTextElement(
            document.CreateSaml("AuthnContextClassRef"), statement.AuthnContextClassRef ?? AuthnContextClasses.Unspecified);
        return element;
    }

    private static XmlElement WriteAttributeStatement(XmlDocument document, AttributeStatement statement)
    {
        var element = document.CreateSaml("AttributeStatement");
        foreach (var attribute in statement.Attributes)
        {
            var attributeElement = element.AppendElement(document.CreateSaml("Attribute"));
            attributeElement.SetAttribute("Name", attribute.Name);
            attributeElement.SetOptional("NameFormat", attribute.NameFormat);
            attributeElement.SetOptional("FriendlyName", attribute.FriendlyName);
            foreach (var value in attribute.Values)
            {
                attributeElement.AppendTextElement(document.CreateSaml("AttributeValue"), value);
            }
        }

        return element;
    }
}
