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

        foreach (var role in entity.WsFederationRoles)
        {
            WriteWsFederationRole(root, role);
        }

        if (entity.IdpSsoDescriptor is { } idp)
        {
            var element = root.AppendElement(document.CreateMd("IDPSSODescriptor"));
            if (idp.WantAuthnRequestsSigned)
            {
                element.SetAttribute("WantAuthnRequestsSigned", "true");
            }

            element.SetAttribute("protocolSupportEnumeration", SamlNamespaces.Protocol);
            WriteKeys(element, idp.SigningCertificates);
            WriteEndpoints(element, "SingleLogoutService", idp.SingleLogoutServices);
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
            WriteEndpoints(element, "SingleLogoutService", sp.SingleLogoutServices);
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

    /// <summary>Endpoints of one kind (SSODescriptorType order: after the keys, before the NameID formats).</summary>
    private static void WriteEndpoints(XmlElement parent, string localName, IEnumerable<SamlEndpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            var service = parent.AppendElement(parent.OwnerDocument.CreateMd(localName));
            service.SetAttribute("Binding", endpoint.Binding);
            service.SetAttribute("Location", endpoint.Location);
        }
    }

    /// <summary>
    /// WS-Federation 1.2 §3.1: <c>md:RoleDescriptor xsi:type="fed:..."</c> with the keys, then (WebServiceDescriptorType
    /// order) TokenTypesOffered and ClaimTypesOffered, then the PassiveRequestorEndpoint as a WS-Addressing reference.
    /// </summary>
    private static void WriteWsFederationRole(XmlElement root, WsFederationRoleDescriptor role)
    {
        const string Fed = WsFederation.WsFederationConstants.FederationNamespace;
        const string Auth = "http://docs.oasis-open.org/wsfed/authorization/200706";
        var document = root.OwnerDocument;
        var element = root.AppendElement(document.CreateMd("RoleDescriptor"));
        element.SetAttribute("xmlns:xsi", SamlNamespaces.Xsi);
        element.SetAttribute("xmlns:fed", Fed);
        var type = document.CreateAttribute("xsi", "type", SamlNamespaces.Xsi);
        type.Value = "fed:" + role.RoleType;
        element.SetAttributeNode(type);
        element.SetAttribute("protocolSupportEnumeration", Fed);
        WriteKeys(element, role.SigningCertificates);
        if (role.TokenTypesOffered.Count > 0)
        {
            var offered = element.AppendElement(document.CreateElement("fed", "TokenTypesOffered", Fed));
            foreach (var tokenType in role.TokenTypesOffered)
            {
                offered.AppendElement(document.CreateElement("fed", "TokenType", Fed)).SetAttribute("Uri", tokenType);
            }
        }

        if (role.ClaimTypesOffered.Count > 0)
        {
            var offered = element.AppendElement(document.CreateElement("fed", "ClaimTypesOffered", Fed));
            foreach (var (uri, displayName) in role.ClaimTypesOffered)
            {
                var claim = offered.AppendElement(document.CreateElement("auth", "ClaimType", Auth));
                claim.SetAttribute("Uri", uri);
                claim.SetAttribute("Optional", "true");
                claim.AppendTextElement(document.CreateElement("auth", "DisplayName", Auth), displayName);
            }
        }

        if (role.PassiveRequestorEndpoint is { } endpoint)
        {
            element.AppendElement(document.CreateElement("fed", "PassiveRequestorEndpoint", Fed))
                .AppendElement(document.CreateElement("wsa", "EndpointReference", WsFederation.WsFederationConstants.AddressingNamespace))
                .AppendTextElement(document.CreateElement("wsa", "Address", WsFederation.WsFederationConstants.AddressingNamespace), endpoint);
        }
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
