using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CertAuth.Federation.Web.Hosting;

/// <summary>
/// The HTTPS options of every listener of both roles (public endpoints, the certificate sign-in listener, the admin API).
/// The server certificate is read when the host starts, after Kestrel is configured, so it is named by a function; its
/// TLS context (<see cref="SslStreamCertificateContext"/>: the certificate's chain and OpenSSL's <c>SSL_CTX</c>) is
/// built once per certificate instance and reused by every handshake. Kestrel's certificate selector alone made
/// <see cref="System.Net.Security.SslStream"/> build a new context — an <see cref="X509Chain"/> over the system store and a
/// new <c>SSL_CTX</c> — on every handshake (issue 16's handshake profile: about a fifth of a new-connection sign-in's
/// server CPU).
/// </summary>
public static class TlsListenerOptions
{
    /// <summary>A listener that does not ask for a client certificate.</summary>
    public static HttpsConnectionAdapterOptions ServerOnly(Func<X509Certificate2> certificate) =>
        Create(certificate, askForClientCertificate: false, allowTlsResume: true);

    /// <summary>
    /// A listener that asks every client for a certificate but accepts any at the TLS layer (the application validates
    /// it against its own trusted CAs and explains a refusal). The chain <see cref="SslStream"/> builds for the policy
    /// errors it hands to the (ignored) callback is built with an empty custom root store, no revocation and no
    /// downloads: it decides nothing, so it should cost nothing (with the system store it was a sorted copy of every
    /// system root per handshake). <paramref name="allowTlsResume"/> false: every connection does a full handshake.
    /// </summary>
    public static HttpsConnectionAdapterOptions AskingForClientCertificate(Func<X509Certificate2> certificate, bool allowTlsResume) =>
        Create(certificate, askForClientCertificate: true, allowTlsResume);

    private static HttpsConnectionAdapterOptions Create(Func<X509Certificate2> certificate, bool askForClientCertificate, bool allowTlsResume)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var contexts = new ContextCache(certificate);
        var options = new HttpsConnectionAdapterOptions
        {
            // The declared source of the certificate (Kestrel requires one); each handshake gets the cached context below.
            ServerCertificateSelector = (_, _) => certificate(),
            OnAuthenticate = (_, ssl) =>
            {
                ssl.ServerCertificateSelectionCallback = null;
                ssl.ServerCertificateContext = contexts.Current();
                if (!allowTlsResume)
                {
                    ssl.AllowTlsResume = false;
                }

                if (askForClientCertificate)
                {
                    ssl.CertificateChainPolicy = new X509ChainPolicy
                    {
                        TrustMode = X509ChainTrustMode.CustomRootTrust,
                        RevocationMode = X509RevocationMode.NoCheck,
                        DisableCertificateDownloads = true,
                    };
                }
            },
        };

        if (askForClientCertificate)
        {
            options.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            options.ClientCertificateValidation = static (_, _, _) => true;
            options.CheckCertificateRevocation = false;
        }

        return options;
    }

    private sealed class ContextCache(Func<X509Certificate2> certificate)
    {
        private Entry? _entry;

        public SslStreamCertificateContext Current()
        {
            var current = certificate();
            var entry = Volatile.Read(ref _entry);
            if (entry is not null && ReferenceEquals(entry.Certificate, current))
            {
                return entry.Context;
            }

            // offline: the chain of our own certificate is never fetched from the network (as before, the system and
            // intermediate stores complete it when they can).
            entry = new Entry(current, SslStreamCertificateContext.Create(current, additionalCertificates: null, offline: true));
            Volatile.Write(ref _entry, entry);
            return entry.Context;
        }

        private sealed record Entry(X509Certificate2 Certificate, SslStreamCertificateContext Context);
    }
}
