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
        var element = document.CreateSamlp("Response");
        document.AppendChild(element);
        element.SetAttribute("ID", response.Id);
        element.SetAttribute("Version", SamlNamespaces.Version);
        element.SetDateTime("IssueInstant", response.IssueInstant);
        element.SetOptional("Destination", response.Destination);
        element.SetOptional("InResponseTo", response.InResponseTo);
        if (!string.IsNullOrEmpty(response.Issuer))
        {
            element.AppendTextElement(document.CreateSaml("Issuer"), response.Issuer);
        }

        var status = element.AppendElement(document.CreateSamlp("Status"));
        var statusCode = status.AppendElement(document.CreateSamlp("StatusCode"));
        statusCode.SetAttribute("Value", response.Status.StatusCode);
        if (!string.IsNullOrEmpty(response.Status.SecondLevelStatusCode))
        {
            statusCode.AppendElement(document.CreateSamlp("StatusCode")).SetAttribute("Value", response.Status.SecondLevelStatusCode);
        }

        if (!string.IsNullOrEmpty(response.Status.StatusMessage))
        {
            status.AppendTextElement(document.CreateSamlp("StatusMessage"), response.Status.StatusMessage);
        }

        foreach (var assertion in response.Assertions)
        {
            element.AppendChild(_assertionWriter.CreateElement(document, assertion));
        }

        return document;
    }
}
