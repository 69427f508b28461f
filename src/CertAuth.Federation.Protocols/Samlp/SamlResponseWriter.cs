using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Writes a <see cref="SamlResponse"/> as <c>samlp:Response</c> with its assertions inside (Core §3.3.3).</summary>
public sealed class SamlResponseWriter
{
    private readonly AssertionWriter _assertionWriter;

    /// <summary>Creates a writer with its own assertion writer.</summary>
    public SamlResponseWriter()
        : this(new AssertionWriter())
    {
    }

    /// <summary>Creates a writer with the given assertion writer.</summary>
    public SamlResponseWriter(AssertionWriter assertionWriter)
    {
        _assertionWriter = assertionWriter ?? throw new ArgumentNullException(nameof(assertionWriter));
    }

    /// <summary>Writes the response as the root of a new document.</summary>
    public XmlDocument Write(SamlResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(response.Id, nameof(response));

        var document = XmlElementWriting.NewDocument();
        var element = StatusResponseWriting.AppendStatusResponse(
            document, "Response", response.Id, response.IssueInstant, response.Destination, response.InResponseTo, response.Issuer, response.Status);

        foreach (var assertion in response.Assertions)
        {
            element.AppendChild(_assertionWriter.CreateElement(document, assertion));
        }

        return document;
    }
}

/// <summary>
/// The StatusResponseType part (SAML 2.0 Core §3.2.2) shared by <c>samlp:Response</c> and <c>samlp:LogoutResponse</c>:
/// ID, Version, IssueInstant, Destination, InResponseTo, Issuer and Status, in schema order.
/// </summary>
internal static class StatusResponseWriting
{
    public static XmlElement AppendStatusResponse(
        XmlDocument document, string name, string id, DateTimeOffset issueInstant, string? destination, string? inResponseTo, string? issuer, SamlStatus status)
    {
        var element = document.CreateSamlp(name);
        document.AppendChild(element);
        element.SetAttribute("ID", id);
        element.SetAttribute("Version", SamlNamespaces.Version);
        element.SetDateTime("IssueInstant", issueInstant);
        element.SetOptional("Destination", destination);
        element.SetOptional("InResponseTo", inResponseTo);
        if (!string.IsNullOrEmpty(issuer))
        {
            element.AppendTextElement(document.CreateSaml("Issuer"), issuer);
        }

        var statusElement = element.AppendElement(document.CreateSamlp("Status"));
        var statusCode = statusElement.AppendElement(document.CreateSamlp("StatusCode"));
        statusCode.SetAttribute("Value", status.StatusCode);
        if (!string.IsNullOrEmpty(status.SecondLevelStatusCode))
        {
            statusCode.AppendElement(document.CreateSamlp("StatusCode")).SetAttribute("Value", status.SecondLevelStatusCode);
        }

        if (!string.IsNullOrEmpty(status.StatusMessage))
        {
            statusElement.AppendTextElement(document.CreateSamlp("StatusMessage"), status.StatusMessage);
        }

        return element;
    }
}
