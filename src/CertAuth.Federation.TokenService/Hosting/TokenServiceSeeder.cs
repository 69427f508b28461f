using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.Clients;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// Seeds the token service's trusted CAs, federation trusts and clients from configuration when the store lacks them,
/// through the same managers the CLI and the admin API use (same rules; a refused entry stops start-up with the
/// manager's code, see <see cref="SeedingRefusedException"/>). Existing records are never overwritten: after the first
/// start the store, managed with <c>certauth</c>, is the truth.
/// </summary>
internal sealed class TokenServiceSeeder(
    IOptions<TokenServiceOptions> options,
    TokenServiceContentRoot contentRoot,
    TrustedAuthorityManager authorities,
    FederationTrustManager trustManager,
    OAuthClientManager clientManager,
    IOAuthClientStore clients,
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
            if (await SeedTrustAsync(config.FederationServers[i], i, cancellationToken))
            {
                added++;
            }
        }

        logger.Seeded(added, "federation trusts");
        added = 0;
        for (var i = 0; i < config.Clients.Count; i++)
        {
            var client = config.Clients[i];
            if (client.ClientId is { Length: > 0 } id && await clients.FindAsync(id.Trim(), cancellationToken) is not null)
            {
                continue;
            }

            SeedingRefusedException.ThrowIfRefused(
                await clientManager.AddAsync(
                    new OAuthClientAddRequest(
                        client.ClientId, client.RedirectUris, !client.Public, client.DisplayName, client.AllowedScopes, client.AllowedGrantTypes,
                        client.SecretHash, DefaultsWhenEmpty: false, PostLogoutRedirectUris: client.PostLogoutRedirectUris),
                    SeedingActor.Name, cancellationToken, RecordSource.Configuration),
                $"TokenService:Clients:{i}");
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
            var key = $"{seed.SectionPath}:{i}";
            using var certificate = KeyMaterialLoader.LoadPublicCertificate(
                ca.Certificate ?? throw new InvalidOperationException($"{key}:Certificate is required."), contentRoot.Path, $"{key}:Certificate");
            var result = await authorities.AddAsync(
                ca.ToAddRequest(certificate.RawData, $"{key}:Certificate"), [StoreRole.TokenService], SeedingActor.Name, cancellationToken,
                RecordSource.Configuration, skipExisting: true);
            if (SeedingRefusedException.ThrowIfRefused(result, key).Roles.Count > 0)
            {
                added++;
            }
        }

        return added;
    }

    private async Task<bool> SeedTrustAsync(FederationServerConfiguration server, int index, CancellationToken cancellationToken)
    {
        var key = $"TokenService:FederationServers:{index}";
        var certificates = new List<CertificateInput>();
        for (var c = 0; c < server.SigningCertificates.Count; c++)
        {
            using var certificate = KeyMaterialLoader.LoadPublicCertificate(server.SigningCertificates[c], contentRoot.Path, $"{key}:SigningCertificates:{c}");
            certificates.Add(new CertificateInput(certificate.RawData, $"{key}:SigningCertificates:{c}"));
        }

        var request = new FederationTrustAddRequest
        {
            EntityId = server.EntityId,
            MetadataXml = server.MetadataFile is { } file ? await File.ReadAllTextAsync(KeyMaterialLoader.Resolve(file, contentRoot.Path), cancellationToken) : null,
            Protocol = server.Protocol,
            MetadataSource = server.MetadataFile,
            SingleSignOnUrl = server.SingleSignOnUrl,
            SigningCertificates = certificates,
            AllowUnsolicited = server.AllowUnsolicited,
            DisplayName = server.DisplayName,
            MetadataUrl = server.MetadataUrl,
        };

        return SeedingRefusedException.ThrowIfRefused(
            await trustManager.AddAsync(request, SeedingActor.Name, cancellationToken, RecordSource.Configuration, skipExisting: true), key).Added;
    }
}
