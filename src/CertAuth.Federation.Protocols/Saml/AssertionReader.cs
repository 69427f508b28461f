using System.Xml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Saml;

/// <summary>
/// Reads a <c>saml:Assertion</c> element (Core §2.3.3) into an <see cref="Assertion"/>. It does not validate
/// signatures or conditions: the validator decides which element is trusted and hands that very element here.
/// </summary>
public sealed class AssertionReader
{
    /// <summary>Reads the assertion element, or refuses it with the typed reason.</summary>
    public SamlResult<Assertion> Read(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return SamlResult<Assertion>.Of(() => ReadOrThrow(element));
    }

    /// <summary>As <see cref="Read"/>, for the validators of this assembly.</summary>
    internal Assertion ReadOrThrow(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.ExpectName(SamlNamespaces.Assertion, "Assertion");
        RequireVersion(element);
        var assertion = new Assertion
        {
            Id = element.RequiredAttribute("ID"),
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            Issuer = element.RequiredChild(SamlNamespaces.Assertion, "Issuer").RequiredText(),
        };

        if (element.OptionalChild(SamlNamespaces.Assertion, "Subject") is { } subject)
        {
            assertion.Subject = ReadSubject(subject);
        }

        if (element.OptionalChild(SamlNamespaces.Assertion, "Conditions") is { } conditions)
        {
            assertion.Conditions = ReadConditions(conditions);
        }

        foreach (var statement in element.ChildElements(SamlNamespaces.Assertion, "AuthnStatement"))
        {
            assertion.AuthnStatements.Add(ReadAuthnStatement(statement));
        }

        foreach (var statement in element.ChildElements(SamlNamespaces.Assertion, "AttributeStatement"))
        {
            assertion.AttributeStatement ??= new AttributeStatement();
            ReadAttributes(statement, assertion.AttributeStatement);
        }

        return assertion;
    }

    /// <summary>Rejects any version but 2.0 (Core §4.1.2).</summary>
    internal static void RequireVersion(XmlElement element)
    {
        var version = element.RequiredAttribute("Version");
        if (version != SamlNamespaces.Version)
        {
            throw new SamlValidationException(
                SamlFailureReason.UnsupportedVersion, $"SAML version '{LogSafe.Quote(version)}' of '{element.LocalName}' is not supported.");
        }
    }

    private static Subject ReadSubject(XmlElement element)
    {
        if (element.OptionalChild(SamlNamespaces.Assertion, "EncryptedID") is not null ||
            element.OptionalChild(SamlNamespaces.Assertion, "BaseID") is not null)
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "Only a plain NameID subject is supported.");
        }

        var subject = new Subject();
        if (element.OptionalChild(SamlNamespaces.Assertion, "NameID") is { } nameId)
        {
            subject.NameId = new NameId
            {
                Value = nameId.RequiredText(),
                Format = nameId.OptionalAttribute("Format"),
                NameQualifier = nameId.OptionalAttribute("NameQualifier"),
                SPNameQualifier = nameId.OptionalAttribute("SPNameQualifier"),
            };
        }

        foreach (var confirmation in element.ChildElements(SamlNamespaces.Assertion, "SubjectConfirmation"))
        {
            var item = new SubjectConfirmation { Method = confirmation.RequiredAttribute("Method") };
            if (confirmation.OptionalChild(SamlNamespaces.Assertion, "SubjectConfirmationData") is { } data)
            {
                item.Data = new SubjectConfirmationData
                {
                    NotBefore = data.OptionalDateTime("NotBefore"),
                    NotOnOrAfter = data.OptionalDateTime("NotOnOrAfter"),
                    Recipient = data.OptionalAttribute("Recipient"),
                    InResponseTo = data.OptionalAttribute("InResponseTo"),
                };
            }

            subject.SubjectConfirmations.Add(item);
        }

        return subject;
    }

    private static Conditions ReadConditions(XmlElement element)
    {
        var conditions = new Conditions
        {
            NotBefore = element.OptionalDateTime("NotBefore"),
            NotOnOrAfter = element.OptionalDateTime("NotOnOrAfter"),
        };

        foreach (var restrictionElement in element.ChildElements(SamlNamespaces.Assertion, "AudienceRestriction"))
        {
            var restriction = new AudienceRestriction();
            foreach (var audience in restrictionElement.ChildElements(SamlNamespaces.Assertion, "Audience"))
            {
                restriction.Audiences.Add(audience.RequiredText());
            }

            conditions.AudienceRestrictions.Add(restriction);
        }

        return conditions;
    }

    private static AuthnStatement ReadAuthnStatement(XmlElement element)
    {
        var statement = new AuthnStatement
        {
            AuthnInstant = element.RequiredDateTime("AuthnInstant"),
            SessionIndex = element.OptionalAttribute("SessionIndex"),
            SessionNotOnOrAfter = element.OptionalDateTime("SessionNotOnOrAfter"),
        };

        var context = element.RequiredChild(SamlNamespaces.Assertion, "AuthnContext");
        if (context.OptionalChild(SamlNamespaces.Assertion, "AuthnContextClassRef") is { } classRef)
        {
            statement.AuthnContextClassRef = classRef.RequiredText();
        }

        return statement;
    }

    private static void ReadAttributes(XmlElement element, AttributeStatement statement)
    {
        if (element.ChildElements(SamlNamespaces.Assertion, "EncryptedAttribute").Any())
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "Encrypted attributes are not supported.");
        }

        foreach (var attributeElement in element.ChildElements(SamlNamespaces.Assertion, "Attribute"))
        {
            var attribute = new SamlAttribute
            {
                Name = attributeElement.RequiredAttribute("Name"),
                NameFormat = attributeElement.OptionalAttribute("NameFormat"),
                FriendlyName = attributeElement.OptionalAttribute("FriendlyName"),
            };

            foreach (var value in attributeElement.ChildElements(SamlNamespaces.Assertion, "AttributeValue"))
            {
                attribute.Values.Add(value.FullText());
            }

            statement.Attributes.Add(attribute);
        }
    }
}
