using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService;

/// <summary>Start-up validation of <see cref="TokenServiceOptions"/>; every message names its configuration key.</summary>
internal sealed class TokenServiceOptionsValidator : IValidateOptions<TokenServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenServiceOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.PublicUrl is not { IsAbsoluteUri: true } || options.PublicUrl.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("TokenService:PublicUrl must be an absolute https URL.");
        }

        if (options.AcsUrl is { } acs && (!acs.IsAbsoluteUri || acs.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("TokenService:AcsUrl must be an absolute https URL.");
        }

        if (options.ConfigureKestrel && string.IsNullOrWhiteSpace(options.TlsCertificate.Path))
        {
            failures.Add("TokenService:TlsCertificate:Path is required when TokenService:ConfigureKestrel is true.");
        }

        if (options.SigningAlgorithm is not ("RS256" or "ES256"))
        {
            failures.Add("TokenService:SigningAlgorithm must be RS256 or ES256.");
        }

        Range(failures, "TokenService:AccessTokenLifetime", options.AccessTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Range(failures, "TokenService:RefreshTokenSlidingLifetime", options.RefreshTokenSlidingLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(365));
        Range(failures, "TokenService:RefreshTokenAbsoluteLifetime", options.RefreshTokenAbsoluteLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(3650));
        Range(failures, "TokenService:AuthorizationCodeLifetime", options.AuthorizationCodeLifetime, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        Range(failures, "TokenService:PendingRequestLifetime", options.PendingRequestLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Range(failures, "TokenService:ClockSkew", options.ClockSkew, TimeSpan.Zero, TimeSpan.FromMinutes(30));
        Range(failures, "TokenService:CrlRefreshPollInterval", options.CrlRefreshPollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Range(failures, "TokenService:Crl:DownloadTimeout", options.Crl.DownloadTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        foreach (var (key, rule) in new[] { ("Token", options.RateLimits.Token), ("Interactive", options.RateLimits.Interactive) })
        {
            if (rule.PermitLimit is < 1 or > 1_000_000)
            {
                failures.Add($"TokenService:RateLimits:{key}:PermitLimit must be between 1 and 1000000.");
            }

            Range(failures, $"TokenService:RateLimits:{key}:Window", rule.Window, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        }

        Range(failures, "TokenService:Hsts:MaxAge", options.Hsts.MaxAge, TimeSpan.Zero, TimeSpan.FromDays(730));
        if (options.RefreshTokenSlidingLifetime > options.RefreshTokenAbsoluteLifetime)
        {
            failures.Add("TokenService:RefreshTokenSlidingLifetime must not exceed TokenService:RefreshTokenAbsoluteLifetime.");
        }

        if (options.Crl.MaxCrlSizeBytes is <= 0 or > int.MaxValue)
        {
            failures.Add("TokenService:Crl:MaxCrlSizeBytes must be positive and below 2 GiB.");
        }

        for (var i = 0; i < options.FederationServers.Count; i++)
        {
            var server = options.FederationServers[i];
            if (server.MetadataFile is null && (string.IsNullOrWhiteSpace(server.EntityId) || string.IsNullOrWhiteSpace(server.SingleSignOnUrl) || server.SigningCertificates.Count == 0))
            {
                failures.Add($"TokenService:FederationServers:{i} needs EntityId, SingleSignOnUrl and SigningCertificates, or a MetadataFile.");
            }

            if (server.SingleSignOnUrl is { } sso && !(Uri.TryCreate(sso, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
            {
                failures.Add($"TokenService:FederationServers:{i}:SingleSignOnUrl must be an absolute https URL.");
            }

            if (server.Protocol is not null && !Storage.Entities.FederationProtocols.IsProtocol(server.Protocol))
            {
                failures.Add($"TokenService:FederationServers:{i}:Protocol must be Saml2 or WsFederation.");
            }
        }

        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            if (string.IsNullOrWhiteSpace(client.ClientId) || client.ClientId.Length > 128)
            {
                failures.Add($"TokenService:Clients:{i}:ClientId is required (at most 128 characters).");
            }

            if (!client.Public && (client.SecretHash is null || !client.SecretHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal)))
            {
                failures.Add($"TokenService:Clients:{i}:SecretHash is required for a confidential client (hash it with `certauth client add`).");
            }

            foreach (var uri in client.RedirectUris)
            {
                if (!IsAcceptableRedirectUri(uri))
                {
                    failures.Add($"TokenService:Clients:{i}:RedirectUris: '{uri}' must be an absolute https URL (http only for loopback) without a fragment.");
                }
            }
        }

        failures.AddRange(AdminApi.AdminApiExtensions.Validate(options.Admin, Storage.StoreRole.TokenService, "TokenService:Admin"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsAcceptableRedirectUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && string.IsNullOrEmpty(u.Fragment)
        && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback));

    private static void Range(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max}.");
        }
    }
}
