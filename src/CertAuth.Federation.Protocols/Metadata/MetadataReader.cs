using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>
/// Reads <c>md:EntityDescriptor</c> (Metadata §2.3.2) with its IdP and SP roles. It does not verify a metadata
/// signature: call <see cref="SignatureVerifier"/> on the root first when the metadata comes from an untrusted channel.
/// </summary>
public sealed class MetadataReader
{
    /// <summary>Reads the entity descriptor that is the root of <paramref name="document"/>, or refuses it with the typed reason.</summary>
    public SamlResult<EntityDescriptor> Read(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SamlResult<EntityDescriptor>.Of(() => ReadOrThrow(document.DocumentElement
            ?? throw new SamlValidationException(SamlFailureReason.MalformedXml, "The document has no root element.")));
    }

    /// <summary>Reads an <c>md:EntityDescriptor</c> element, or refuses it with the typed reason.</summary>
    public SamlResult<EntityDescriptor> Read(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return SamlResult<EntityDescriptor>.Of(() => ReadOrThrow(element));
    }

    private static EntityDescriptor ReadOrThrow(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.ExpectName(SamlNamespaces.Metadata, "EntityDescriptor");
        var entity = new EntityDescriptor
        {
            EntityId = element.RequiredAttribute("entityID"),
            Id = element.OptionalAttribute("ID"),
            ValidUntil = element.OptionalDateTime("validUntil"),
        };

        foreach (var idpElement in element.ChildElements(SamlNamespaces.Metadata, "IDPSSODescriptor").Where(SupportsSaml2).Take(1))
        {
            var idp = new IdpSsoDescriptor { WantAuthnRequestsSigned = idpElement.OptionalBoolean("WantAuthnRequestsSigned") ?? false };
            ReadKeys(idpElement, idp.SigningCertificates);
            ReadNameIdFormats(idpElement, idp.NameIdFormats);
            foreach (var service in idpElement.ChildElements(SamlNamespaces.Metadata, "SingleSignOnService"))
            {
                idp.SingleSignOnServices.Add(new SamlEndpoint
                {
                    Binding = service.RequiredAttribute("Binding"),
                    Location = service.RequiredAttribute("Location"),
                });
            }

            entity.IdpSsoDescriptor = idp;
        }

        foreach (var spElement in element.ChildElements(SamlNamespaces.Metadata, "SPSSODescriptor").Where(SupportsSaml2).Take(1))
        {
            var sp = new SpSsoDescriptor
            {
                AuthnRequestsSigned = spElement.OptionalBoolean("AuthnRequestsSigned") ?? false,
                WantAssertionsSigned = spElement.OptionalBoolean("WantAssertionsSigned") ?? false,
            };
            ReadKeys(spElement, sp.SigningCertificates);
            ReadNameIdFormats(spElement, sp.NameIdFormats);
            foreach (var service in spElement.ChildElements(SamlNamespaces.Metadata, "SingleLogoutService"))
            {
                sp.SingleLogoutServices.Add(new SamlEndpoint
                {
                    Binding = service.RequiredAttribute("Binding"),
                    Location = service.RequiredAttribute("Location"),
                });
            }

            foreach (var service in spElement.ChildElements(SamlNamespaces.Metadata, "AssertionConsumerService"))
            {
                sp.AssertionConsumerServices.Add(new IndexedSamlEndpoint
                {
                    Binding = service.RequiredAttribute("Binding"),
                    Location = service.RequiredAttribute("Location"),
                    Index = SamlXmlConvert.ParseUnsignedShort(service.RequiredAttribute("index"), "index"),
                    IsDefault = service.OptionalBoolean("isDefault") ?? false,
                });
            }

            entity.SpSsoDescriptor = sp;
        }

        return entity;
    }

    private static bool SupportsSaml2(XmlElement role) =>
        (role.OptionalAttribute("protocolSupportEnumeration") ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Contains(SamlNamespaces.Protocol, StringComparer.Ordinal);

    /// <summary>Certificates of KeyDescriptors with use="signing" or without use (Metadata §2.4.1.1).</summary>
    private static void ReadKeys(XmlElement role, IList<X509Certificate2> certificates)
    {
        foreach (var keyDescriptor in role.ChildElements(SamlNamespaces.Metadata, "KeyDescriptor"))
        {
            var use = keyDescriptor.OptionalAttribute("use");
            if (use is not null && use != "signing")
            {
                continue;
            }

            var keyInfo = keyDescriptor.OptionalChild(SamlNamespaces.XmlDsig, "KeyInfo");
            if (keyInfo is null)
            {
                continue;
            }

            foreach (var x509Data in keyInfo.ChildElements(SamlNamespaces.XmlDsig, "X509Data"))
            {
                foreach (var certificateElement in x509Data.ChildElements(SamlNamespaces.XmlDsig, "X509Certificate"))
                {
                    try
                    {
                        var raw = Convert.FromBase64String(certificateElement.RequiredText());
                        certificates.Add(X509CertificateLoader.LoadCertificate(raw));
                    }
                    catch (Exception ex) when (ex is FormatException or CryptographicException)
                    {
                        throw new SamlValidationException(SamlFailureReason.SchemaViolation, "A metadata signing certificate cannot be read.", ex);
                    }
                }
            }
        }
    }

    private static void ReadNameIdFormats(XmlElement role, IList<string> formats)
    {
        foreach (var format in role.ChildElements(SamlNamespaces.Metadata, "NameIDFormat"))
        {
            formats.Add(format.RequiredText());
        }
    }
}
