using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Writes an <see cref="AuthnRequest"/> as <c>samlp:AuthnRequest</c> (Core §3.4.1).</summary>
public sealed class AuthnRequestWriter
{
    /// <summary>Writes the request as the root of a new document.</summary>
    public XmlDocument Write(AuthnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Id, nameof(request));

        var document = XmlElementWriting.NewDocument();
        var element = document.CreateSamlp("AuthnRequest");
        document.AppendChild(element);
        element.SetAttribute("ID", request.Id);
        element.SetAttribute("Version", SamlNamespaces.Version);
        element.SetDateTime("IssueInstant", request.IssueInstant);
        element.SetOptional("Destination", request.Destination);
        if (request.ForceAuthn)
        {
            element.SetAttribute("ForceAuthn", "true");
        }

        if (request.IsPassive)
        {
            element.SetAttribute("IsPassive", "true");
        }

        element.SetOptional("ProtocolBinding", request.ProtocolBinding);
        if (request.AssertionConsumerServiceIndex is { } index)
        {
            element.SetAttribute("AssertionConsumerServiceIndex", SamlXmlConvert.FormatInt(index));
        }

        element.SetOptional("AssertionConsumerServiceURL", request.AssertionConsumerServiceUrl);
        if (!string.IsNullOrEmpty(request.Issuer))
        {
            element.AppendTextElement(document.CreateSaml("Issuer"), request.Issuer);
        }

        if (request.NameIdPolicy is { } policy)
        {
            var policyElement = element.AppendElement(document.CreateSamlp("NameIDPolicy"));
            policyElement.SetOptional("Format", policy.Format);
            if (policy.AllowCreate is { } allowCreate)
            {
                policyElement.SetAttribute("AllowCreate", SamlXmlConvert.FormatBoolean(allowCreate));
            }
        }

        if (request.RequestedAuthnContext is { } requested)
        {
            var requestedElement = element.AppendElement(document.CreateSamlp("RequestedAuthnContext"));
            requestedElement.SetOptional("Comparison", requested.Comparison);
            foreach (var classRef in requested.AuthnContextClassRefs)
            {
                requestedElement.AppendTextElement(document.CreateSaml("AuthnContextClassRef"), classRef);
            }
        }

        return document;
    }
}
