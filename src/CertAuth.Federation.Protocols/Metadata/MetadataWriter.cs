using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>Writes an <see cref="EntityDescriptor"/> as <c>md:EntityDescriptor</c> (Metadata §2.3.2, §2.4.3, §2.4.4).</summary>
public sealed class MetadataWriter
{
    /// <summary>Writes the entity descriptor as the root of a new document (sign it with <see cref="XmlSigner"/> if it has an ID).</summary>
    public XmlDocument Write(EntityDescriptor entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(entity.EntityId, nameof(entity));

        var document = XmlElementWriting.NewDocument();
        var root = document.CreateMd("EntityDescriptor");
        document.AppendChild(root);
        root.SetAttribute("entityID", entity.EntityId);
        root.SetOptional("ID", entity.Id);
        root.SetOptional("validUntil", entity.ValidUntil);

        if (entity.IdpSsoDescriptor is { } idp)
        {
            var element = root.AppendElement(document.CreateMd("IDPSSODescriptor"));
            if (idp.WantAuthnRequestsSigned)
            {
                element.SetAttribute("WantAuthnRequestsSigned", "true");
            }

            element.SetAttribute("protocolSupportEnumeration", SamlNamespaces.Protocol);
            WriteKeys(element, idp.SigningCertificates);
            WriteNameIdFormats(element, idp.NameIdFormats);
            foreach (var endpoint in idp.SingleSignOnServices)
            {
                var service = element.AppendElement(document.CreateMd("SingleSignOnService"));
                service.SetAttribute("Binding", endpoint.Binding);
                service.SetAttribute("Location", endpoint.Location);
            }
        }

        if (entity.SpSsoDescriptor is { } sp)
        {
            var element = root.AppendElement(document.CreateMd("SPSSODescriptor"));
            element.SetAttribute("AuthnRequestsSigned", SamlXmlConvert.FormatBoolean(sp.AuthnRequestsSigned));
            element.SetAttribute("WantAssertionsSigned", SamlXmlConvert.FormatBoolean(sp.WantAssertionsSigned));
            element.SetAttribute("protocolSupportEnumeration", SamlNamespaces.Protocol);
            WriteKeys(element, sp.SigningCertificates);
            WriteNameIdFormats(element, sp.NameIdFormats);
            foreach (var endpoint in sp.AssertionConsumerServices)
            {
                var service = element.AppendElement(document.CreateMd("AssertionConsumerService"));
                service.SetAttribute("Binding", endpoint.Binding);
                service.SetAttribute("Location", endpoint.Location);
                service.SetAttribute("index", SamlXmlConvert.FormatInt(endpoint.Index));
                if (endpoint.IsDefault)
                {
                    service.SetAttribute("isDefault", "true");
                }
            }
        }

        return document;
    }

    private static void WriteKeys(XmlElement role, IEnumerable<X509Certificate2> certificates)
    {
        var document = role.OwnerDocument;
        foreach (var certificate in certificates)
        {
            var keyDescriptor = role.AppendElement(document.CreateMd("KeyDescriptor"));
            keyDescriptor.SetAttribute("use", "signing");
            keyDescriptor.AppendElement(document.CreateDs("KeyInfo"))
                .AppendElement(document.CreateDs("X509Data"))
                .AppendTextElement(document.CreateDs("X509Certificate"), Convert.ToBase64String(certificate.RawData));
        }
    }

    private static void WriteNameIdFormats(XmlElement role, IEnumerable<string> formats)
    {
        foreach (var format in formats)
        {
            role.AppendTextElement(role.OwnerDocument.CreateMd("NameIDFormat"), format);
        }
    }
}
