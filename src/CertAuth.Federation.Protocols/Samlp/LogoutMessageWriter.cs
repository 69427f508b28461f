using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>
/// Writes <c>samlp:LogoutRequest</c> and <c>samlp:LogoutResponse</c> (SAML 2.0 Core §3.7) as the root of a new
/// document, in schema order (Issuer first, so <see cref="XmlSigner"/> puts an enveloped signature right after it).
/// </summary>
public sealed class LogoutMessageWriter
{
    /// <summary>Writes a LogoutRequest.</summary>
    public XmlDocument Write(LogoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Id, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.NameId?.Value, nameof(request));
        var document = XmlElementWriting.NewDocument();
        var element = document.CreateSamlp("LogoutRequest");
        document.AppendChild(element);
        element.SetAttribute("ID", request.Id);
        element.SetAttribute("Version", SamlNamespaces.Version);
        element.SetDateTime("IssueInstant", request.IssueInstant);
        element.SetOptional("Destination", request.Destination);
        element.SetOptional("NotOnOrAfter", request.NotOnOrAfter);
        element.SetOptional("Reason", request.Reason);
        if (!string.IsNullOrEmpty(request.Issuer))
        {
            element.AppendTextElement(document.CreateSaml("Issuer"), request.Issuer);
        }

        var nameId = element.AppendTextElement(document.CreateSaml("NameID"), request.NameId.Value);
        nameId.SetOptional("NameQualifier", request.NameId.NameQualifier);
        nameId.SetOptional("SPNameQualifier", request.NameId.SPNameQualifier);
        nameId.SetOptional("Format", request.NameId.Format);
        foreach (var index in request.SessionIndexes)
        {
            element.AppendTextElement(document.CreateSamlp("SessionIndex"), index);
        }

        return document;
    }

    /// <summary>Writes a LogoutResponse.</summary>
    public XmlDocument Write(LogoutResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(response.Id, nameof(response));
        var document = XmlElementWriting.NewDocument();
        StatusResponseWriting.AppendStatusResponse(
            document, "LogoutResponse", response.Id, response.IssueInstant, response.Destination, response.InResponseTo, response.Issuer, response.Status);
        return document;
    }
}
