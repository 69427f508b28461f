using System.Globalization;

namespace CertAuth.Federation.LoadDriver;

/// <summary>Command-line options. Every run is bounded by both <see cref="Duration"/> and <see cref="MaxRequests"/>.</summary>
public sealed class DriverOptions
{
    public string Scenario { get; private set; } = "signin";

    /// <summary>signin: "handshake" (a new TLS connection and client-certificate handshake per request) or "keepalive".</summary>
    public string Mode { get; private set; } = "keepalive";

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);

    public int Concurrency { get; private set; } = 8;

    public int MaxRequests { get; private set; } = 100_000;

    public Uri FederationUrl { get; private set; } = new("https://localhost:44300");

    public Uri TokenServiceUrl { get; private set; } = new("https://localhost:44301");

    public string RelyingParty { get; private set; } = "https://localhost:44301/";

    public string CertificatePath { get; private set; } = "certs-dev/alice.pem";

    public string KeyPath { get; private set; } = "certs-dev/alice.key.pem";

    public string RootCaPath { get; private set; } = "certs-dev/root-ca.pem";

    public string ClientId { get; private set; } = "sample-app";

    public string RedirectUri { get; private set; } = "http://127.0.0.1/callback";

    /// <summary>refresh: a confidential client's secret, sent as client_secret (client_secret_post) with every token request.</summary>
    public string? ClientSecret { get; private set; }

    public int? ServerPid { get; private set; }

    public static DriverOptions Parse(string[] args)
    {
        var options = new DriverOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options.Scenario = args[0];
            i = 1;
        }

        for (; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--mode": options.Mode = value; break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--concurrency": options.Concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--max-requests": options.MaxRequests = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--federation-url": options.FederationUrl = new Uri(value); break;
                case "--token-service-url": options.TokenServiceUrl = new Uri(value); break;
                case "--relying-party": options.RelyingParty = value; break;
                case "--cert": options.CertificatePath = value; break;
                case "--key": options.KeyPath = value; break;
                case "--root-ca": options.RootCaPath = value; break;
                case "--client-id": options.ClientId = value; break;
                case "--redirect-uri": options.RedirectUri = value; break;
                case "--client-secret": options.ClientSecret = value; break;
                case "--server-pid": options.ServerPid = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        if (options.Scenario is not ("signin" or "refresh"))
        {
            throw new ArgumentException("The scenario is 'signin' or 'refresh'.");
        }

        if (options.Mode is not ("handshake" or "keepalive"))
        {
            throw new ArgumentException("--mode is 'handshake' or 'keepalive'.");
        }

        // Bounded: loopback only, at most 5 minutes, at most 1,000,000 requests, at most 256 workers.
        foreach (var url in new[] { options.FederationUrl, options.TokenServiceUrl })
        {
            if (!url.IsLoopback)
            {
                throw new ArgumentException($"{url} is not a loopback address; the load driver only targets this machine.");
            }
        }

        if (options.Duration <= TimeSpan.Zero || options.Duration > TimeSpan.FromMinutes(5)
            || options.MaxRequests is < 1 or > 1_000_000 || options.Concurrency is < 1 or > 256)
        {
            throw new ArgumentException("Bounds: 0 < --duration <= 300 s, 1 <= --max-requests <= 1,000,000, 1 <= --concurrency <= 256.");
        }

        return options;
    }
}
