using System.Text;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
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
        };
        var entity = new EntityDescriptor
        {
            EntityId = options.Value.ResolvedEntityId,
            Id = ids.NewId(),
            ValidUntil = now.AddDays(7),
            IdpSsoDescriptor = idp,
        };
        var document = writer.Write(entity);
        signer.Sign(document.DocumentElement!, credentials.TokenSigning);
        var bytes = Encoding.UTF8.GetBytes(document.OuterXml);
        _cached = (bytes, now);
        return bytes;
    }
}
