using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
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
    DateTimeOffset? ValidUntil);

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
        var entity = Read(xml, source);
        var sp = entity.SpSsoDescriptor
            ?? throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' has no SAML 2.0 SPSSODescriptor for '{entity.EntityId}'.");

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
            entity.ValidUntil);
    }

    /// <summary>The IdP side: entity id, HTTP-Redirect SSO endpoint, signing certificates.</summary>
    public static IdentityProviderMetadata ReadIdentityProvider(string xml, string source, string? expectedEntityId)
    {
        var entity = Read(xml, source);
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

    private static EntityDescriptor Read(string xml, string source)
    {
        if (xml.Length > MaxBytes)
        {
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' is larger than {MaxBytes} bytes.");
        }

        try
        {
            var document = new SafeXmlLoader(MaxBytes).Load(xml);
            return new MetadataReader().Read(document);
        }
        catch (SamlValidationException ex)
        {
            throw new AdminRefusal(AdminCodes.Metadata, $"--metadata '{source}' is not usable SAML metadata: {ex.Message}");
        }
    }
}
