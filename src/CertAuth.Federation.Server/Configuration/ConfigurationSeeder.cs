using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.RelyingParties;
using CertAuth.Federation.Administration.Themes;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Administration.Users;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Configuration;

/// <summary>
/// Seeds the store from appsettings.json at start-up: trusted CAs, relying parties and users that the store does not
/// have yet are added (marked as coming from configuration) through the same managers the CLI and the admin API use,
/// so the same rules apply; a refused entry stops start-up with the manager's code (<see cref="SeedingRefusedException"/>).
/// Existing records are never overwritten — after the first start the store, managed with <c>certauth</c>, is the truth.
/// </summary>
internal sealed class ConfigurationSeeder(
    IOptions<FederationServerOptions> options,
    ContentRoot contentRoot,
    TrustedAuthorityManager authorities,
    RelyingPartyManager relyingParties,
    UserManager users,
    IRelyingPartyStore relyingPartyStore,
    IUserStore userStore,
    ThemeManager themes,
    ILogger<ConfigurationSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var config = options.Value;
        var added = 0;
        for (var i = 0; i < config.TrustedCertificateAuthorities.Count; i++)
        {
            var ca = config.TrustedCertificateAuthorities[i];
            var key = $"Federation:TrustedCertificateAuthorities:{i}";
            using var certificate = CertificateFiles.LoadPublic(ca.Certificate, contentRoot.Path, $"{key}:Certificate");
            var result = await authorities.AddAsync(
                ca.ToAddRequest(certificate.RawData, $"{key}:Certificate"), [StoreRole.Federation], SeedingActor.Name, cancellationToken,
                RecordSource.Configuration, skipExisting: true);
            if (SeedingRefusedException.ThrowIfRefused(result, key).Roles.Count > 0)
            {
                added++;
            }
        }

        logger.Seeded(added, "trusted certificate authorities");

        added = 0;
        for (var i = 0; i < config.RelyingParties.Count; i++)
        {
            var rp = config.RelyingParties[i];
            var key = $"Federation:RelyingParties:{i}";
            if (rp.EntityId is { Length: > 0 } existing && await relyingPartyStore.FindByEntityIdAsync(existing.Trim(), cancellationToken) is not null)
            {
                continue;
            }

            using var signing = rp.RequestSigningCertificate is null
                ? null
                : CertificateFiles.LoadPublic(rp.RequestSigningCertificate, contentRoot.Path, $"{key}:RequestSigningCertificate");
            var changes = new RelyingPartyChanges
            {
                Acs = [.. rp.AssertionConsumerServiceUrls, .. rp.WsFedReplyUrls],
                DisplayName = rp.DisplayName,
                SigningCertificate = signing?.RawData,
                SigningCertificateSource = $"{key}:RequestSigningCertificate",
                RequireSignedRequests = rp.RequireSignedRequests,
                SignResponse = rp.SignResponse,
                NameIdFormat = rp.NameIdFormat,
                Claims = rp.ReleasedClaims.Count > 0 ? rp.ReleasedClaims : null,
                TokenLifetimeMinutes = rp.TokenLifetimeMinutes,
                Theme = rp.Theme,
                Protocol = rp.Protocol,
                TokenType = rp.TokenType,
                SingleLogoutServiceUrl = rp.SingleLogoutServiceUrl,
                SingleLogoutServiceBinding = rp.SingleLogoutServiceBinding,
            };
            SeedingRefusedException.ThrowIfRefused(
                await relyingParties.AddAsync(rp.EntityId, changes, SeedingActor.Name, cancellationToken, RecordSource.Configuration), key);
            added++;
        }

        logger.Seeded(added, "relying parties");

        added = 0;
        for (var i = 0; i < config.Users.Count; i++)
        {
            var user = config.Users[i];
            var key = $"Federation:Users:{i}";
            if (user.Upn is { Length: > 0 } upn && await userStore.FindByUpnAsync(upn.Trim().ToLowerInvariant(), cancellationToken) is not null)
            {
                continue;
            }

            SeedingRefusedException.ThrowIfRefused(
                await users.AddAsync(
                    new UserAddRequest(user.Upn, user.Email, user.DisplayName, user.ImmutableId, user.Enabled), SeedingActor.Name, cancellationToken, RecordSource.Configuration),
                key);
            added++;
        }

        logger.Seeded(added, "users");

        // Issue 13 upgrade path: a file-based theme switch from before is imported once into the store (then ignored).
        var imported = await themes.ImportActiveFileAsync(SeedingActor.Name, cancellationToken);
        var file = Path.Combine(themes.ThemesRoot ?? string.Empty, ThemeManager.ActiveFileName);
        if (imported.Error is { } error)
        {
            logger.ActiveThemeNotImported(file, error.Code, error.Message);
        }
        else if (imported.Value is { } name)
        {
            logger.ActiveThemeImported(name, file);
        }
    }
}
