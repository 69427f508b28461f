using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Cli.Metadata;

/// <summary>
/// Turns an SP metadata document into the fields of a relying-party trust, using the Protocols library's safe XML
/// loader and <see cref="MetadataReader"/>. The metadata signature is not verified: the administrator vouches for
/// the file or https source, as with the other options.
/// </summary>
internal sealed class ServiceProviderMetadataImporter(MetadataDocumentLoader loader)
{
    public async Task<ServiceProviderMetadata> ImportAsync(string source, string currentDirectory, CancellationToken cancellationToken)
    {
        var xml = await loader.LoadAsync(source, currentDirectory, cancellationToken);
        EntityDescriptor entity;
        System.Xml.XmlDocument document;
        try
        {
            document = new SafeXmlLoader(MetadataDocumentLoader.MaxBytes).Load(xml);
            entity = new MetadataReader().Read(document);
        }
        catch (SamlValidationException ex)
        {
            throw new CliRefusedException($"--metadata '{source}' is not usable SAML metadata: {ex.Message}");
        }

        // WS-Federation (WS-Federation 1.2 §3.1): an fed:ApplicationServiceType RoleDescriptor's PassiveRequestorEndpoints.
        var passive = new WsFederationMetadataReader()
            .PassiveRequestorEndpoints(document.DocumentElement!, WsFederationMetadataReader.ApplicationServiceType);
        var sp = entity.SpSsoDescriptor;
        if (sp is null)
        {
            return passive.Count > 0
                ? new ServiceProviderMetadata(entity.EntityId, passive, null, 0, false, null, entity.ValidUntil, passive)
                : throw new CliRefusedException($"--metadata '{source}' has no SAML 2.0 SPSSODescriptor nor WS-Federation ApplicationServiceType for '{entity.EntityId}'.");
        }

        // Default endpoint first (Metadata §2.2.3: isDefault, else the lowest index), HTTP-POST binding only.
        var acs = sp.AssertionConsumerServices
            .Where(e => e.Binding == SamlBindingUris.HttpPost)
            .OrderByDescending(e => e.IsDefault)
            .ThenBy(e => e.Index)
            .Select(e => e.Location)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (acs.Count == 0)
        {
            throw new CliRefusedException($"--metadata '{source}' has no AssertionConsumerService with the HTTP-POST binding.");
        }

        return new ServiceProviderMetadata(
            entity.EntityId,
            acs,
            sp.SigningCertificates.FirstOrDefault(),
            sp.SigningCertificates.Count,
            sp.AuthnRequestsSigned,
            sp.NameIdFormats.FirstOrDefault(),
            entity.ValidUntil,
            passive);
    }
}
