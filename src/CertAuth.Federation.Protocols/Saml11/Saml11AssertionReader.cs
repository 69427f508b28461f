using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Saml11;

/// <summary>
/// Reads a SAML 1.1 <c>saml:Assertion</c> (SAML 1.1 Core §2.3.2) into the shared <see cref="Assertion"/> model, so that
/// the same sign-in reading applies to both versions: <c>AssertionID</c> → Id, the <c>Issuer</c> attribute → Issuer,
/// <c>AudienceRestrictionCondition</c> → audience restriction, <c>AuthenticationStatement</c> → authentication
/// statement (its AuthenticationMethod URI kept as the context class), <c>AttributeNamespace</c> + '/' +
/// <c>AttributeName</c> → attribute name. Every statement's subject must name the same NameIdentifier. It validates
/// neither signature nor conditions: the validator hands it the very element it verified.
/// </summary>
public sealed class Saml11AssertionReader
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
        element.ExpectName(Saml11Namespaces.Assertion, "Assertion");
        RequireVersion(element);
        if (element.OptionalChild(Saml11Namespaces.Assertion, "Advice") is not null)
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "Advice is not supported.");
        }

        var assertion = new Assertion
        {
            Id = element.RequiredAttribute(Saml11Namespaces.AssertionIdAttribute),
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            Issuer = element.RequiredAttribute("Issuer"),
        };

        if (element.OptionalChild(Saml11Namespaces.Assertion, "Conditions") is { } conditions)
        {
            assertion.Conditions = ReadConditions(conditions);
        }

        foreach (var statement in element.ChildElements().Where(e => e.NamespaceURI == Saml11Namespaces.Assertion))
        {
            switch (statement.LocalName)
            {
                case "AuthenticationStatement":
                    ReadSubject(statement, assertion);
                    assertion.AuthnStatements.Add(new AuthnStatement
                    {
                        AuthnInstant = statement.RequiredDateTime("AuthenticationInstant"),
                        AuthnContextClassRef = statement.RequiredAttribute("AuthenticationMethod"),
                    });
                    break;
                case "AttributeStatement":
                    ReadSubject(statement, assertion);
                    assertion.AttributeStatement ??= new AttributeStatement();
                    ReadAttributes(statement, assertion.AttributeStatement);
                    break;
                case "Conditions":
                    break;
                default:
                    throw new SamlValidationException(SamlFailureReason.SchemaViolation, $"Statement '{LogSafe.Quote(statement.LocalName)}' is not supported.");
            }
        }

        return assertion;
    }

    /// <summary>Rejects any version but 1.1 (SAML 1.1 Core §4.2).</summary>
    internal static void RequireVersion(XmlElement element)
    {
        if (element.RequiredAttribute("MajorVersion") != Saml11Namespaces.MajorVersion
            || element.RequiredAttribute("MinorVersion") != Saml11Namespaces.MinorVersion)
        {
            throw new SamlValidationException(SamlFailureReason.UnsupportedVersion, "Only SAML 1.1 assertions are read here.");
        }
    }

    private static Conditions ReadConditions(XmlElement element)
    {
        var conditions = new Conditions
        {
            NotBefore = element.OptionalDateTime("NotBefore"),
            NotOnOrAfter = element.OptionalDateTime("NotOnOrAfter"),
        };

        foreach (var child in element.ChildElements())
        {
            if (child.NamespaceURI == Saml11Namespaces.Assertion && child.LocalName == "AudienceRestrictionCondition")
            {
                var restriction = new AudienceRestriction();
                foreach (var audience in child.ChildElements(Saml11Namespaces.Assertion, "Audience"))
                {
                    restriction.Audiences.Add(audience.RequiredText());
                }

                conditions.AudienceRestrictions.Add(restriction);
            }
            else if (!(child.NamespaceURI == Saml11Namespaces.Assertion && child.LocalName == "DoNotCacheCondition"))
            {
                // SAML 1.1 Core §2.3.2.1.3: a condition the relying party does not understand makes the assertion Indeterminate.
                throw new SamlValidationException(SamlFailureReason.SchemaViolation, "The assertion carries a condition that is not understood.");
            }
        }

        return conditions;
    }

    /// <summary>The statement's subject: the first one read becomes the assertion's; any other must name the same identifier.</summary>
    private static void ReadSubject(XmlElement statement, Assertion assertion)
    {
        var subjectElement = statement.RequiredChild(Saml11Namespaces.Assertion, "Subject");
        NameId? nameId = null;
        if (subjectElement.OptionalChild(Saml11Namespaces.Assertion, "NameIdentifier") is { } identifier)
        {
            nameId = new NameId
            {
                Value = identifier.RequiredText(),
                Format = identifier.OptionalAttribute("Format"),
                NameQualifier = identifier.OptionalAttribute("NameQualifier"),
            };
        }

        var methods = new List<string>();
        if (subjectElement.OptionalChild(Saml11Namespaces.Assertion, "SubjectConfirmation") is { } confirmation)
        {
            methods.AddRange(confirmation.ChildElements(Saml11Namespaces.Assertion, "ConfirmationMethod").Select(m => m.RequiredText()));
        }

        if (assertion.Subject is null)
        {
            assertion.Subject = new Subject { NameId = nameId };
            foreach (var method in methods)
            {
                assertion.Subject.SubjectConfirmations.Add(new SubjectConfirmation { Method = method });
            }

            return;
        }

        if (!string.Equals(assertion.Subject.NameId?.Value, nameId?.Value, StringComparison.Ordinal)
            || !string.Equals(assertion.Subject.NameId?.Format, nameId?.Format, StringComparison.Ordinal))
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "The statements of the assertion name different subjects.");
        }
    }

    private static void ReadAttributes(XmlElement element, AttributeStatement statement)
    {
        foreach (var attributeElement in element.ChildElements(Saml11Namespaces.Assertion, "Attribute"))
        {
            var name = attributeElement.RequiredAttribute("AttributeName");
            var ns = attributeElement.OptionalAttribute("AttributeNamespace") ?? throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "Attribute has no AttributeNamespace.");
            var attribute = new SamlAttribute { Name = ns.Length == 0 ? name : ns + "/" + name };
            foreach (var value in attributeElement.ChildElements(Saml11Namespaces.Assertion, "AttributeValue"))
            {
                attribute.Values.Add(value.FullText());
            }

            statement.Attributes.Add(attribute);
        }
    }
}
