using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// Client TLS settings: alice's certificate (PEM), and a server check that builds the chain to the dev root once and
/// then pins that exact server certificate (so the driver spends its CPU on requests, not on chain building).
/// </summary>
public sealed class Tls
{
    private readonly X509Certificate2 _root;
    private byte[]? _pinned;

    public Tls(DriverOptions options)
    {
        var pem = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
        // Export/import gives a key SslStream can use on every platform.
        ClientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        _root = X509CertificateLoader.LoadCertificateFromFile(options.RootCaPath);
    }

    public X509Certificate2 ClientCertificate { get; }

    public SocketsHttpHandler CreateHandler(bool withClientCertificate, bool keepAlive, int connections)
    {
        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate };
        if (withClientCertificate)
        {
            ssl.ClientCertificates = [ClientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate;
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = keepAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        var raw = certificate.GetRawCertData();
        if (Volatile.Read(ref _pinned) is { } pinned)
        {
            return raw.AsSpan().SequenceEqual(pinned);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(raw);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        if (!custom.Build(leaf) || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        Volatile.Write(ref _pinned, raw);
        return true;
    }
}
