using CertAuth.Federation.Protocols.Bindings;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server;

/// <summary>Start-up validation of <see cref="FederationServerOptions"/>; every message names its configuration key.</summary>
internal sealed class FederationServerOptionsValidator : IValidateOptions<FederationServerOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationServerOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.PublicUrl is not { IsAbsoluteUri: true } || options.PublicUrl.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Federation:PublicUrl must be an absolute https URL.");
        }

        if (options.CertificateSignInUrl is not { IsAbsoluteUri: true } || options.CertificateSignInUrl.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Federation:CertificateSignInUrl must be an absolute https URL.");
        }
        else if (options.PublicUrl is { IsAbsoluteUri: true } && options.CertificateSignInUrl.Authority == options.PublicUrl.Authority)
        {
            failures.Add("Federation:CertificateSignInUrl must differ from Federation:PublicUrl in host or port (it is its own TLS listener).");
        }

        if (string.IsNullOrWhiteSpace(options.SigningCertificate.Path))
        {
            failures.Add("Federation:SigningCertificate:Path is required.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(30))
        {
            failures.Add("Federation:ClockSkew must be between 0 and 30 minutes.");
        }

        if (options.SignInContextLifetime <= TimeSpan.Zero || options.SignInContextLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Federation:SignInContextLifetime must be between 1 second and 1 hour.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > TimeSpan.FromDays(1))
        {
            failures.Add("Federation:SessionLifetime must be between 1 second and 1 day.");
        }

        if (options.MaxSessionParties is < 1 or > 32)
        {
            failures.Add("Federation:MaxSessionParties must be between 1 and 32.");
        }

        if (options.MaxRelayStateBytes is < 80 or > 8192)
        {
            failures.Add("Federation:MaxRelayStateBytes must be between 80 and 8192.");
        }

        if (options.MaxXmlElementDepth is < 16 or > 1024)
        {
            failures.Add("Federation:MaxXmlElementDepth must be between 16 and 1024.");
        }

        foreach (var entry in options.UserMapping.Order)
        {
            if (!Enum.TryParse<Certificates.Mapping.CertificateMappingSource>(entry, ignoreCase: true, out _))
            {
                failures.Add($"Federation:UserMapping:Order contains '{entry}'; allowed: {string.Join(", ", Enum.GetNames<Certificates.Mapping.CertificateMappingSource>())}.");
            }
        }

        for (var i = 0; i < options.RelyingParties.Count; i++)
        {
            var rp = options.RelyingParties[i];
            if (string.IsNullOrWhiteSpace(rp.EntityId))
            {
                failures.Add($"Federation:RelyingParties:{i}:EntityId is required.");
            }

            if (rp.AssertionConsumerServiceUrls.Count + rp.WsFedReplyUrls.Count == 0)
            {
                failures.Add($"Federation:RelyingParties:{i}:AssertionConsumerServiceUrls (or WsFedReplyUrls) needs at least one URL.");
            }

            if (rp.Protocol is not null && !Storage.Entities.FederationProtocols.IsProtocol(rp.Protocol))
            {
                failures.Add($"Federation:RelyingParties:{i}:Protocol must be Saml2 or WsFederation.");
            }

            if (rp.TokenType is not null && !Storage.Entities.FederationProtocols.IsTokenType(rp.TokenType))
            {
                failures.Add($"Federation:RelyingParties:{i}:TokenType must be Saml11 or Saml2.");
            }

            foreach (var acs in rp.AssertionConsumerServiceUrls.Concat(rp.WsFedReplyUrls))
            {
                if (!EndpointUrlRules.IsAcceptable(acs))
                {
                    failures.Add($"Federation:RelyingParties:{i}:AssertionConsumerServiceUrls: '{acs}' must be an absolute https URL (http only for loopback) without a fragment.");
                }
            }
        }

        for (var i = 0; i < options.TrustedCertificateAuthorities.Count; i++)
        {
            var ca = options.TrustedCertificateAuthorities[i];
            if (string.IsNullOrWhiteSpace(ca.Certificate))
            {
                failures.Add($"Federation:TrustedCertificateAuthorities:{i}:Certificate is required.");
            }

            if (ca.AuthorityType is not ("RootAuthority" or "IntermediateAuthority"))
            {
                failures.Add($"Federation:TrustedCertificateAuthorities:{i}:AuthorityType must be RootAuthority or IntermediateAuthority.");
            }

            foreach (var (key, url) in new[] { ("CrlDistributionPoint", ca.CrlDistributionPoint), ("DeltaCrlDistributionPoint", ca.DeltaCrlDistributionPoint) })
            {
                if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
                {
                    failures.Add($"Federation:TrustedCertificateAuthorities:{i}:{key} must be an absolute http or https URL.");
                }
            }
        }

        ValidateHardening(failures, options);

        for (var i = 0; i < options.Users.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Users[i].Upn) || !options.Users[i].Upn!.Contains('@', StringComparison.Ordinal))
            {
                failures.Add($"Federation:Users:{i}:Upn must be a user principal name (name@domain).");
            }
        }

        failures.AddRange(AdminApi.AdminApiExtensions.Validate(options.Admin, Storage.StoreRole.Federation, "Federation:Admin"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateHardening(List<string> failures, FederationServerOptions options)
    {
        foreach (var (key, rule) in new[] { ("SignIn", options.RateLimits.SignIn), ("Admin", options.RateLimits.Admin) })
        {
            if (rule.PermitLimit is < 1 or > 1_000_000)
            {
                failures.Add($"Federation:RateLimits:{key}:PermitLimit must be between 1 and 1000000.");
            }

            if (rule.Window < TimeSpan.FromSeconds(1) || rule.Window > TimeSpan.FromHours(1))
            {
                failures.Add($"Federation:RateLimits:{key}:Window must be between 1 second and 1 hour.");
            }
        }

        foreach (var entry in options.ForwardedClientCertificate.TrustedProxies)
        {
            if (!Hosting.TrustedProxyList.TryParseEntry(entry, out _))
            {
                failures.Add($"Federation:ForwardedClientCertificate:TrustedProxies contains '{entry}'; expected an IP address or a CIDR network such as 10.0.0.0/24.");
            }
        }

        if (options.Hsts.MaxAge < TimeSpan.Zero || options.Hsts.MaxAge > TimeSpan.FromDays(730))
        {
            failures.Add("Federation:Hsts:MaxAge must be between 0 (off) and 730 days.");
        }
    }
}
