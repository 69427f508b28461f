using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Administration.Metadata;

/// <summary>What a relying-party trust takes from an SP's SAML metadata.</summary>
public sealed record ServiceProviderMetadata(
    string EntityId,
    IReadOnlyList<string> AssertionConsumerServiceUrls,
    X509Certificate2? SigningCertificate,
    int SigningCertificateCount,
    bool AuthnRequestsSigned,
    string? NameIdFormat,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<string>? PassiveRequestorEndpoints = null,
    Protocols.Metadata.SamlEndpoint? SingleLogoutService = null);

/// <summary>What a federation trust takes from an IdP's SAML metadata.</summary>
public sealed record IdentityProviderMetadata(string EntityId, string SingleSignOnUrl, IReadOnlyList<X509Certificate2> SigningCertificates);

/// <summary>
/// Reads SAML metadata documents (already fetched by the front end) with the Protocols library's safe XML loader and
/// <see cref="MetadataReader"/>. The metadata signature is not verified: the administrator vouches for the document.
/// </summary>
internal static class MetadataDocuments
{
    /// <summary>Largest metadata document accepted.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The SP side: entity id, HTTP-POST ACS URLs (default first), signing certificate, NameID format.</summary>
    public static ServiceProviderMetadata ReadServiceProvider(string xml, string source)
    {
        var (entity, document) = Read(xml, source);

        // WS-Federation 1.2 §3.1: an fed:ApplicationServiceType RoleDescriptor's PassiveRequestorEndpoints.
        var passive = PassiveRequestorEndpoints(document, WsFederationMetadataReader.ApplicationServiceType, source);
        var sp = entity.SpSsoDescriptor;
        if (sp is null)
        {
            return passive.Count > 0
                ? new ServiceProviderMetadata(entity.EntityId, passive, null, 0, false, null, entity.ValidUntil, passive)
                : throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' has no SAML 2.0 SPSSODescriptor nor WS-Federation ApplicationServiceType for '{entity.EntityId}'.");
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
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' has no AssertionConsumerService with the HTTP-POST binding.");
        }

        return new ServiceProviderMetadata(
            entity.EntityId,
            acs,
            sp.SigningCertificates.FirstOrDefault(),
            sp.SigningCertificates.Count,
            sp.AuthnRequestsSigned,
            sp.NameIdFormats.FirstOrDefault(),
            entity.ValidUntil,
            passive,
            // The first SingleLogoutService with a binding the federation server speaks (HTTP-Redirect or HTTP-POST).
            sp.SingleLogoutServices.FirstOrDefault(e => e.Binding is SamlBindingUris.HttpRedirect or SamlBindingUris.HttpPost));
    }

    /// <summary>The IdP side: entity id, HTTP-Redirect SSO endpoint, signing certificates.</summary>
    public static IdentityProviderMetadata ReadIdentityProvider(string xml, string source, string? expectedEntityId)
    {
        var (entity, _) = Read(xml, source);
        var idp = entity.IdpSsoDescriptor
            ?? throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' has no SAML 2.0 IDPSSODescriptor for '{entity.EntityId}'.");
        if (expectedEntityId is not null && !string.Equals(expectedEntityId, entity.EntityId, StringComparison.Ordinal))
        {
            throw new AdminRefusal(AdminCodes.MetadataEntityMismatch, $"the metadata describes '{entity.EntityId}', not '{expectedEntityId}'.");
        }

        var sso = idp.SingleSignOnServices.FirstOrDefault(e => e.Binding == SamlBindingUris.HttpRedirect)
            ?? throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' has no SingleSignOnService with the HTTP-Redirect binding.");
        if (idp.SigningCertificates.Count == 0)
        {
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' names no signing certificate.");
        }

        return new IdentityProviderMetadata(entity.EntityId, sso.Location, [.. idp.SigningCertificates]);
    }

    /// <summary>The WS-Federation passive requestor endpoint of an IdP's fed:SecurityTokenServiceType, if it has one.</summary>
    public static string? ReadPassiveRequestorEndpoint(string xml, string source)
    {
        var (_, document) = Read(xml, source);
        return PassiveRequestorEndpoints(document, WsFederationMetadataReader.SecurityTokenServiceType, source).FirstOrDefault();
    }

    private static IReadOnlyList<string> PassiveRequestorEndpoints(System.Xml.XmlDocument document, string roleType, string source) =>
        new WsFederationMetadataReader().PassiveRequestorEndpoints(document.DocumentElement!, roleType).IsValid(out var endpoints, out var failure)
            ? endpoints
            : throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' is not usable SAML metadata: {failure.Message}");

    private static (EntityDescriptor Entity, System.Xml.XmlDocument Document) Read(string xml, string source)
    {
        if (xml.Length > MaxBytes)
        {
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' is larger than {MaxBytes} bytes.");
        }

        if (!new SafeXmlLoader(MaxBytes).Load(xml).IsValid(out var document, out var failure)
            || !new MetadataReader().Read(document).IsValid(out var entity, out failure))
        {
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' is not usable SAML metadata: {failure.Message}");
        }

        return (entity, document);
    }
}
