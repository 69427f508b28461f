using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.AdminApi;

/// <summary>One role's admin API as configured: its role, listener port, admin CA and rate limiter.</summary>
public sealed class AdminApiHost : IDisposable
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The admin CA's id in the role's CRL cache and CRL-state table (never a sign-in CA's id: those are generated or operator-chosen names without this prefix).</summary>
    internal const string RevocationAuthorityId = "certauth-admin-api-ca";

    private readonly Lazy<X509Certificate2> _clientCa;
    private readonly Lazy<TrustedCertificateAuthority?> _revocationAuthority;

    internal AdminApiHost(StoreRole role, AdminApiOptions options, Func<X509Certificate2> loadClientCa, string sectionName)
    {
        Role = role;
        Options = options;
        SectionName = sectionName;
        Port = options.Url?.Port ?? 0;

        // Issue 12 item 7: the admin CA is read at host start (LoadClientCa, a start-up load), not at registration.
        _clientCa = new Lazy<X509Certificate2>(loadClientCa, LazyThreadSafetyMode.ExecutionAndPublication);
        _revocationAuthority = new Lazy<TrustedCertificateAuthority?>(() => options.CrlUrl is { } crl
            ? new TrustedCertificateAuthority
            {
                Id = RevocationAuthorityId,
                AuthorityType = CertificateAuthorityType.RootAuthority,
                Certificate = ClientCa,
                CrlDistributionPoint = crl,
                CrlGracePeriod = options.CrlGracePeriod,
            }
            : null);

        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => ClientRateLimiting.Partition(context, enabled: true, options.RateLimit));
    }

    /// <summary>The role this API administers.</summary>
    public StoreRole Role { get; }

    /// <summary>The options.</summary>
    public AdminApiOptions Options { get; }

    /// <summary>The configuration section (<c>Federation:Admin</c> or <c>TokenService:Admin</c>).</summary>
    public string SectionName { get; }

    /// <summary>The admin listener's port.</summary>
    public int Port { get; }

    internal X509Certificate2 ClientCa => _clientCa.Value;

    internal PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// The admin CA as the product's revocation checker sees a CA (its CRL at <see cref="AdminApiOptions.CrlUrl"/>),
    /// or null when no CRL is configured.
    /// </summary>
    internal TrustedCertificateAuthority? RevocationAuthority => _revocationAuthority.Value;

    /// <summary>Reads the admin CA (once); throws <see cref="Storage.Hosting.StartupConfigurationException"/> naming the setting.</summary>
    internal void LoadClientCa() => _ = ClientCa;

    /// <summary>
    /// True when <paramref name="certificate"/> chains to the admin CA alone (custom root trust, not the machine's
    /// store), is valid at <paramref name="now"/>, is not a CA and allows client authentication.
    /// </summary>
    public bool IsAdminCertificate(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return false;
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } eku
            || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuthenticationOid))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        try
        {
            if (!chain.Build(certificate))
            {
                return false;
            }

            var root = chain.ChainElements[^1].Certificate;
            return root.RawData.AsSpan().SequenceEqual(ClientCa.RawData);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Limiter.Dispose();
        if (_clientCa.IsValueCreated)
        {
            _clientCa.Value.Dispose();
        }
    }
}
