using System.Text;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Hosting;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// Builds the signed federation metadata (EntityDescriptor with an IDPSSODescriptor: both bindings, the
/// token-signing key, the NameID formats). Signed once and cached for an hour, well inside its validUntil.
/// </summary>
public sealed class FederationMetadataProvider(
    IOptions<FederationServerOptions> options,
    SigningCredentials credentials,
    MetadataWriter writer,
    XmlSigner signer,
    SamlIdGenerator ids,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    /// <summary>The claim types a sign-in issues (the default release set), advertised in <c>fed:ClaimTypesOffered</c>.</summary>
    private static readonly KeyValuePair<string, string>[] OfferedClaimTypes =
    [
        new(SignIn.IssuedClaimTypes.Upn, "UPN"),
        new(SignIn.IssuedClaimTypes.Email, "E-Mail Address"),
        new(SignIn.IssuedClaimTypes.Name, "Name"),
        new(SignIn.IssuedClaimTypes.ImmutableId, "ImmutableID"),
        new(SignIn.IssuedClaimTypes.AuthenticationMethodsReferences, "Authentication Methods References"),
        new(Certificates.Claims.CertificateClaimTypes.SerialNumber, "Serial Number"),
        new(Certificates.Claims.CertificateClaimTypes.Issuer, "Issuer"),
        new(Certificates.Claims.CertificateClaimTypes.Subject, "Subject"),
        new(Certificates.Claims.CertificateClaimTypes.Thumbprint, "Thumbprint"),
    ];
    private (byte[] Document, DateTimeOffset BuiltAt)? _cached;

    public byte[] GetSignedMetadata()
    {
        var now = timeProvider.GetUtcNow();
        if (_cached is { } cached && now - cached.BuiltAt < CacheFor && now >= cached.BuiltAt)
        {
            return cached.Document;
        }

        var sso = options.Value.SingleSignOnUrl.AbsoluteUri;
        var idp = new IdpSsoDescriptor
        {
            SigningCertificates = { credentials.TokenSigning },
            NameIdFormats = { NameIdFormats.Unspecified, NameIdFormats.EmailAddress, NameIdFormats.Persistent, NameIdFormats.Transient },
            SingleSignOnServices =
            {
                new SamlEndpoint { Binding = SamlBindingUris.HttpRedirect, Location = sso },
                new SamlEndpoint { Binding = SamlBindingUris.HttpPost, Location = sso },
            },
            // Single logout (issue 14 item 4) at the same endpoint, both bindings.
            SingleLogoutServices =
            {
                new SamlEndpoint { Binding = SamlBindingUris.HttpRedirect, Location = sso },
                new SamlEndpoint { Binding = SamlBindingUris.HttpPost, Location = sso },
            },
        };
        var entity = new EntityDescriptor
        {
            EntityId = options.Value.ResolvedEntityId,
            Id = ids.NewId(),
            ValidUntil = now.AddDays(7),
            IdpSsoDescriptor = idp,
        };

        // WS-Federation (as AD FS publishes them): the token service role with its passive endpoint, token and claim
        // types; and the application service role (the server as a relying party of others), both with the signing key.
        var sts = new WsFederationRoleDescriptor { RoleType = WsFederationMetadataReader.SecurityTokenServiceType, PassiveRequestorEndpoint = sso };
        sts.SigningCertificates.Add(credentials.TokenSigning);
        sts.TokenTypesOffered.Add(WsFederationConstants.Saml11TokenType);
        sts.TokenTypesOffered.Add(WsFederationConstants.Saml2TokenType);
        foreach (var claim in OfferedClaimTypes)
        {
            sts.ClaimTypesOffered.Add(claim);
        }

        var application = new WsFederationRoleDescriptor { RoleType = WsFederationMetadataReader.ApplicationServiceType, PassiveRequestorEndpoint = sso };
        application.SigningCertificates.Add(credentials.TokenSigning);
        entity.WsFederationRoles.Add(sts);
        entity.WsFederationRoles.Add(application);
        var document = writer.Write(entity);
        signer.Sign(document.DocumentElement!, credentials.TokenSigning);
        var bytes = Encoding.UTF8.GetBytes(document.OuterXml);
        _cached = (bytes, now);
        return bytes;
    }
}
