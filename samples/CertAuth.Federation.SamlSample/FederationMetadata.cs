using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.SamlSample;

/// <summary>
/// The federation server as the sample knows it: entity id, token-signing certificates and single sign-on URL, read from
/// its metadata with the Protocols library (safe XML loader, metadata reader). The download trusts only the configured
/// root CA (TLS is what vouches for the metadata here); loaded on first use, kept until the app stops.
/// </summary>
public sealed class FederationMetadata(SamlSampleOptions options, X509Certificate2 trustedRoot) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trustedRoot);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return chain.Build(leaf);
            },
        },
    }) { Timeout = TimeSpan.FromSeconds(15) };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (TrustedIssuer Issuer, Uri SingleSignOn)? _loaded;

    /// <summary>The trusted issuer (entity id + signing certificates) and the HTTP-Redirect/POST single sign-on URL.</summary>
    public async Task<(TrustedIssuer Issuer, Uri SingleSignOn)> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is null)
            {
                var xml = await _http.GetStringAsync(options.FederationMetadataUrl, cancellationToken);
                if (!new SafeXmlLoader().Load(xml).Then(new MetadataReader().Read).IsValid(out var entity, out var failure))
                {
                    throw new InvalidOperationException($"The federation metadata cannot be read ({failure.Reason}): {failure.Message}");
                }

                var idp = entity.IdpSsoDescriptor ?? throw new InvalidOperationException("The metadata has no IDPSSODescriptor.");
                if (idp.SigningCertificates.Count == 0 || idp.SingleSignOnServices.Count == 0)
                {
                    throw new InvalidOperationException("The metadata names no signing certificate or single sign-on service.");
                }

                _loaded = (new TrustedIssuer(entity.EntityId, idp.SigningCertificates.ToList()), new Uri(idp.SingleSignOnServices[0].Location));
            }

            return _loaded.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
