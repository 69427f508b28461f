using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Seeding;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Configuration;

/// <summary>
/// Seeds the store from appsettings.json at start-up: trusted CAs, relying parties and users that the store does not
/// have yet are added (marked as coming from configuration). Existing records are never overwritten — after the
/// first start the store, managed with <c>certauth</c>, is the truth.
/// </summary>
internal sealed class ConfigurationSeeder(
    IOptions<FederationServerOptions> options,
    ContentRoot contentRoot,
    ITrustedAuthorityStore authorities,
    IRelyingPartyStore relyingParties,
    IUserStore users,
    ILogger<ConfigurationSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var config = options.Value;
        var added = 0;
        for (var i = 0; i < config.TrustedCertificateAuthorities.Count; i++)
        {
            var ca = config.TrustedCertificateAuthorities[i];
            using var certificate = CertificateFiles.LoadPublic(ca.Certificate, contentRoot.Path, $"Federation:TrustedCertificateAuthorities:{i}:Certificate");
            var values = new TrustedAuthoritySeedValues(
                ca.AuthorityType, ca.CrlDistributionPoint, ca.DeltaCrlDistributionPoint, ca.TrustedIssuer, ca.TrustedIssuerSki, ca.CrlGracePeriod);
            if (await TrustedAuthoritySeeding.AddIfMissingAsync(authorities, certificate, values, cancellationToken))
            {
                added++;
            }
        }

        logger.Seeded(added, "trusted certificate authorities");

        added = 0;
        foreach (var rp in config.RelyingParties)
        {
            if (await relyingParties.FindByEntityIdAsync(rp.EntityId!, cancellationToken) is not null)
            {
                continue;
            }

            await relyingParties.AddAsync(
                new RelyingPartyRecord
                {
                    EntityId = rp.EntityId!,
                    DisplayName = rp.DisplayName,
                    AssertionConsumerServiceUrls = [.. rp.AssertionConsumerServiceUrls, .. rp.WsFedReplyUrls],
                    RequestSigningCertificate = rp.RequestSigningCertificate is null
                        ? null
                        : CertificateFiles.LoadPublic(rp.RequestSigningCertificate, contentRoot.Path, $"Federation:RelyingParties[{rp.EntityId}]:RequestSigningCertificate").RawData,
                    RequireSignedRequests = rp.RequireSignedRequests,
                    SignResponse = rp.SignResponse,
                    NameIdFormat = rp.NameIdFormat ?? Protocols.Saml.NameIdFormats.Unspecified,
                    ReleasedClaims = [.. rp.ReleasedClaims],
                    TokenLifetimeMinutes = rp.TokenLifetimeMinutes,
                    Theme = rp.Theme,
                    Protocol = rp.Protocol ?? FederationProtocols.Saml2,
                    TokenType = rp.TokenType ?? FederationProtocols.Saml11Token,
                    Source = RecordSource.Configuration,
                },
                cancellationToken);
            added++;
        }

        logger.Seeded(added, "relying parties");

        added = 0;
        foreach (var user in config.Users)
        {
            if (await users.FindByUpnAsync(user.Upn!, cancellationToken) is not null)
            {
                continue;
            }

            await users.AddAsync(
                new UserRecord
                {
                    Upn = user.Upn!,
                    Email = user.Email,
                    DisplayName = user.DisplayName,
                    ImmutableId = user.ImmutableId ?? Guid.NewGuid().ToString(),
                    Enabled = user.Enabled,
                    Source = RecordSource.Configuration,
                },
                cancellationToken);
            added++;
        }

        logger.Seeded(added, "users");
    }
}
