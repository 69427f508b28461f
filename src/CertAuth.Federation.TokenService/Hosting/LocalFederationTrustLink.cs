using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// When one process runs both roles (the one-command development run, <c>src/CertAuth.Federation.Host/Program.cs</c>),
/// what the federation server's relying-party entry for this token service needs for logout, derived from the token
/// service's own configuration so that a changed port or entity id still works: its SingleLogoutService
/// (<see cref="TokenServiceOptions.ResolvedLogoutCallbackUrl"/>, HTTP-Redirect), the public part of its
/// AuthnRequest/LogoutRequest-signing certificate (written to <c>{DataPath}/token-service-request-signing.cer</c>,
/// generated first when missing), and — for a WS-Federation entry — the callback as an allowed <c>wreply</c>. Only the
/// entry whose <c>EntityId</c> equals the token service's entity id is touched, and only values it does not set; the
/// result is an overlay of <c>Federation:RelyingParties:{i}:*</c> keys for the federation server's configuration (it
/// seeds new store records only: an existing record is changed with <c>certauth rp</c>).
/// </summary>
public static class LocalFederationTrustLink
{
    /// <summary>The configuration keys to add to the federation server's configuration (empty when no entry matches).</summary>
    public static IReadOnlyDictionary<string, string?> Derive(IConfiguration configuration, string contentRoot, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(contentRoot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var options = configuration.GetSection(TokenServiceOptions.SectionName).Get<TokenServiceOptions>() ?? new TokenServiceOptions();
        var entry = configuration.GetSection("Federation:RelyingParties").GetChildren()
            .FirstOrDefault(rp => string.Equals(rp["EntityId"]?.Trim(), options.ResolvedEntityId, StringComparison.Ordinal));
        if (entry is null)
        {
            return result;
        }

        var callback = options.ResolvedLogoutCallbackUrl;
        var wsFederation = string.Equals(entry["Protocol"], "WsFederation", StringComparison.OrdinalIgnoreCase);
        if (!wsFederation && string.IsNullOrWhiteSpace(entry["SingleLogoutServiceUrl"]))
        {
            result[entry.Path + ":SingleLogoutServiceUrl"] = callback;
            result[entry.Path + ":SingleLogoutServiceBinding"] = "Redirect";
        }

        if (wsFederation)
        {
            var replies = entry.GetSection("WsFedReplyUrls").GetChildren().Select(c => c.Value).ToList();
            if (!replies.Contains(callback, StringComparer.Ordinal))
            {
                result[$"{entry.Path}:WsFedReplyUrls:{replies.Count}"] = callback;
            }
        }

        if (string.IsNullOrWhiteSpace(entry["RequestSigningCertificate"]))
        {
            result[entry.Path + ":RequestSigningCertificate"] = WriteRequestSigningPublicCertificate(options, contentRoot, timeProvider);
        }

        return result;
    }

    /// <summary>Writes the public request-signing certificate (generating the key pair once when not configured) and returns its full path.</summary>
    private static string WriteRequestSigningPublicCertificate(TokenServiceOptions options, string contentRoot, TimeProvider timeProvider)
    {
        using var signing = KeyMaterialLoader.LoadRequestSigning(options, contentRoot, timeProvider);
        var path = Path.Combine(KeyMaterialLoader.Resolve(options.DataPath, contentRoot), KeyMaterialLoader.RequestSigningPublicFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var publicPart = X509CertificateLoader.LoadCertificate(signing.RawData);
        File.WriteAllBytes(path, publicPart.RawData);
        return path;
    }
}
