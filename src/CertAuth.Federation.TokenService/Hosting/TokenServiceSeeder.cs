using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Seeding;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// Seeds federation trusts and clients from <c>TokenService</c> configuration when the store lacks them. Existing records
/// are never overwritten: after the first start the store, managed with <c>certauth</c>, is the truth.
/// </summary>
internal sealed class TokenServiceSeeder(
    IOptions<TokenServiceOptions> options,
    TokenServiceContentRoot contentRoot,
    IFederationTrustStore trusts,
    IOAuthClientStore clients,
    ITrustedAuthorityStore authorities,
    ILogger<TokenServiceSeeder> logger,
    TrustedAuthoritySeed? authoritySeed = null)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var config = options.Value;
        var added = 0;
        if (authoritySeed is not null)
        {
            added = await SeedAuthoritiesAsync(authoritySeed, cancellationToken);
        }

        logger.Seeded(added, "trusted certificate authorities");
        added = 0;
        for (var i = 0; i < config.FederationServers.Count; i++)
        {
            var record = ToRecord(config.FederationServers[i], i);
            if (await trusts.FindByEntityIdAsync(record.EntityId, cancellationToken) is null)
            {
                await trusts.AddAsync(record, cancellationToken);
                added++;
            }
        }

        logger.Seeded(added, "federation trusts");
        added = 0;
        foreach (var client in config.Clients)
        {
            if (await clients.FindAsync(client.ClientId!, cancellationToken) is not null)
            {
                continue;
            }

            await clients.AddAsync(
                new OAuthClientRecord
                {
                    ClientId = client.ClientId!,
                    DisplayName = client.DisplayName,
                    IsPublic = client.Public,
                    SecretHash = client.SecretHash,
                    RedirectUris = [.. client.RedirectUris],
                    AllowedScopes = [.. client.AllowedScopes],
                    AllowedGrantTypes = [.. client.AllowedGrantTypes],
                    Source = RecordSource.Configuration,
                },
                cancellationToken);
            added++;
        }

        logger.Seeded(added, "OAuth clients");
    }

    private async Task<int> SeedAuthoritiesAsync(TrustedAuthoritySeed seed, CancellationToken cancellationToken)
    {
        var added = 0;
        for (var i = 0; i < seed.Entries.Count; i++)
        {
            var ca = seed.Entries[i];
            var key = $"{seed.SectionPath}:{i}:Certificate";
            using var certificate = KeyMaterialLoader.LoadPublicCertificate(
                ca.Certificate ?? throw new InvalidOperationException($"{key} is required."), contentRoot.Path, key);
            var values = new TrustedAuthoritySeedValues(
                ca.AuthorityType, ca.CrlDistributionPoint, ca.DeltaCrlDistributionPoint, ca.TrustedIssuer, ca.TrustedIssuerSki, ca.CrlGracePeriod);
            if (await TrustedAuthoritySeeding.AddIfMissingAsync(authorities, certificate, values, cancellationToken))
            {
                added++;
            }
        }

        return added;
    }

    private FederationTrustRecord ToRecord(FederationServerConfiguration server, int index)
    {
        var key = $"TokenService:FederationServers:{index}";
        string? entityId = server.EntityId;
        string? sso = server.SingleSignOnUrl;
        var certificates = new List<string>();
        if (server.MetadataFile is { } file)
        {
            var document = new SafeXmlLoader().Load(File.ReadAllText(KeyMaterialLoader.Resolve(file, contentRoot.Path)));
            var entity = new MetadataReader().Read(document);
            entityId ??= entity.EntityId;
            if (server.Protocol == FederationProtocols.WsFederation)
            {
                // WS-Federation 1.2 §3.1: the token service role's passive requestor endpoint.
                sso ??= new Protocols.WsFederation.WsFederationMetadataReader()
                    .PassiveRequestorEndpoints(document.DocumentElement!, Protocols.WsFederation.WsFederationMetadataReader.SecurityTokenServiceType)
                    .FirstOrDefault();
            }

            sso ??= entity.IdpSsoDescriptor?.SingleSignOnServices.FirstOrDefault(s => s.Binding == Protocols.Bindings.SamlBindingUris.HttpRedirect)?.Location;
            certificates.AddRange(entity.IdpSsoDescriptor?.SigningCertificates.Select(c => Convert.ToBase64String(c.RawData)) ?? []);
        }

        for (var c = 0; c < server.SigningCertificates.Count; c++)
        {
            using var certificate = KeyMaterialLoader.LoadPublicCertificate(server.SigningCertificates[c], contentRoot.Path, $"{key}:SigningCertificates:{c}");
            certificates.Add(Convert.ToBase64String(certificate.RawData));
        }

        return new FederationTrustRecord
        {
            EntityId = entityId ?? throw new InvalidOperationException($"{key}:EntityId is required (or a MetadataFile that names it)."),
            DisplayName = server.DisplayName,
            SingleSignOnUrl = sso ?? throw new InvalidOperationException($"{key}:SingleSignOnUrl is required (or a MetadataFile with an HTTP-Redirect SSO endpoint)."),
            SigningCertificates = certificates.Count > 0 ? certificates.Distinct().ToList() : throw new InvalidOperationException($"{key}: at least one signing certificate is required."),
            AllowUnsolicited = server.AllowUnsolicited,
            Protocol = server.Protocol ?? FederationProtocols.Saml2,
            MetadataSource = server.MetadataFile,
            Source = RecordSource.Configuration,
        };
    }
}
