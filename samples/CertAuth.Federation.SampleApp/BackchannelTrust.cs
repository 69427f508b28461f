using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.SampleApp;

/// <summary>The OpenID Connect handler's back channel (discovery, keys, token, userinfo): trusts only one root CA.</summary>
public static class BackchannelTrust
{
    /// <summary>An HTTP handler that accepts a server certificate only when it chains to <paramref name="trustedRoot"/>.</summary>
    public static HttpMessageHandler Create(X509Certificate2 trustedRoot) => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            // Trust only the configured root (the development PKI's), not the machine's store.
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
    };
}
