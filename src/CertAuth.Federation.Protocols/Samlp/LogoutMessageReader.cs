using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>
/// Reads <c>samlp:LogoutRequest</c> and <c>samlp:LogoutResponse</c> (SAML 2.0 Core §3.7) that are the root of a
/// document already loaded safely (<see cref="SafeXmlLoader"/>). Signature, issuer, destination and time checks are the
/// caller's (two-phase read, as for AuthnRequests); this checks the shape: names, version, required values, a plain
/// NameID (no EncryptedID/BaseID), at most <see cref="MaxSessionIndexes"/> session indexes.
/// </summary>
public sealed class LogoutMessageReader
{
    /// <summary>Most SessionIndex elements accepted in one LogoutRequest.</summary>
    public const int MaxSessionIndexes = 32;

    /// <summary>True when the root of <paramref name="document"/> is a <c>samlp:LogoutRequest</c>.</summary>
    public static bool IsLogoutRequest(XmlDocument document) => IsRoot(document, "LogoutRequest");

    /// <summary>True when the root of <paramref name="document"/> is a <c>samlp:LogoutResponse</c>.</summary>
    public static bool IsLogoutResponse(XmlDocument document) => IsRoot(document, "LogoutResponse");

    /// <summary>Reads the LogoutRequest at the root of <paramref name="document"/>, or refuses it with the typed reason.</summary>
    public SamlResult<LogoutRequest> ReadRequest(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SamlResult<LogoutRequest>.Of(() => ReadRequestOrThrow(document));
    }

    /// <summary>Reads the LogoutResponse at the root of <paramref name="document"/>, or refuses it with the typed reason.</summary>
    public SamlResult<LogoutResponse> ReadResponse(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SamlResult<LogoutResponse>.Of(() => ReadResponseOrThrow(document));
    }

    private static LogoutRequest ReadRequestOrThrow(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var element = document.DocumentElement ?? throw new SamlValidationException(SamlFailureReason.MalformedXml, "The document has no root element.");
        element.ExpectName(SamlNamespaces.Protocol, "LogoutRequest");
        AssertionReader.RequireVersion(element);
        if (element.OptionalChild(SamlNamespaces.Assertion, "EncryptedID") is not null || element.OptionalChild(SamlNamespaces.Assertion, "BaseID") is not null)
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "Only a plain NameID is supported in a LogoutRequest.");
        }

        var nameId = element.OptionalChild(SamlNamespaces.Assertion, "NameID")
            ?? throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The LogoutRequest has no NameID.");
        var request = new LogoutRequest
        {
            Id = element.RequiredAttribute("ID"),
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            Destination = element.OptionalAttribute("Destination"),
            NotOnOrAfter = element.OptionalDateTime("NotOnOrAfter"),
            Reason = element.OptionalAttribute("Reason"),
            Issuer = element.OptionalChild(SamlNamespaces.Assertion, "Issuer")?.RequiredText(),
            NameId = new NameId
            {
                Value = nameId.RequiredText(),
                Format = nameId.OptionalAttribute("Format"),
                NameQualifier = nameId.OptionalAttribute("NameQualifier"),
                SPNameQualifier = nameId.OptionalAttribute("SPNameQualifier"),
            },
        };
        foreach (var index in element.ChildElements(SamlNamespaces.Protocol, "SessionIndex"))
        {
            if (request.SessionIndexes.Count == MaxSessionIndexes)
            {
                throw new SamlValidationException(SamlFailureReason.SchemaViolation, $"More than {MaxSessionIndexes} SessionIndex elements.");
            }

            request.SessionIndexes.Add(index.RequiredText());
        }

        return request;
    }

    private static LogoutResponse ReadResponseOrThrow(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var element = document.DocumentElement ?? throw new SamlValidationException(SamlFailureReason.MalformedXml, "The document has no root element.");
        element.ExpectName(SamlNamespaces.Protocol, "LogoutResponse");
        AssertionReader.RequireVersion(element);
        var status = element.RequiredChild(SamlNamespaces.Protocol, "Status");
        var code = status.RequiredChild(SamlNamespaces.Protocol, "StatusCode");
        return new LogoutResponse
        {
            Id = element.RequiredAttribute("ID"),
            InResponseTo = element.OptionalAttribute("InResponseTo"),
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            Destination = element.OptionalAttribute("Destination"),
            Issuer = element.OptionalChild(SamlNamespaces.Assertion, "Issuer")?.RequiredText(),
            Status = new SamlStatus
            {
                StatusCode = code.RequiredAttribute("Value"),
                SecondLevelStatusCode = code.OptionalChild(SamlNamespaces.Protocol, "StatusCode")?.RequiredAttribute("Value"),
                StatusMessage = status.OptionalChild(SamlNamespaces.Protocol, "StatusMessage")?.FullText(),
            },
        };
    }

    private static bool IsRoot(XmlDocument document, string localName) =>
        document?.DocumentElement is { } root && root.LocalName == localName && root.NamespaceURI == SamlNamespaces.Protocol;
}
