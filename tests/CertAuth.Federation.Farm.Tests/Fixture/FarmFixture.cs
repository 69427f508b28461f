using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing;
using Npgsql;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// A whole farm on loopback, as <c>scripts/farm.sh</c> builds it (the node settings are <see cref="NodeEnvironment"/>:
/// what the script's own file, <c>scripts/farm-node.env</c>, yields for this farm's placeholders): a private PostgreSQL cluster (its own data folder and port, so a test can restart
/// it), a development PKI generated at test time in the farm folder with its CRLs served by the fixture (never a node:
/// a killed node must not take the CRLs with it), two federation-server and two token-service nodes as child processes
/// of the built Host, and HAProxy in front (<see cref="HaProxy.Config"/>). Everything lives under one temp folder,
/// removed at the end.
/// </summary>
public sealed class FarmFixture : IAsyncLifetime
{
    public const string ClientId = "sample-app";
    public const string RedirectUri = "http://127.0.0.1/callback";
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(240);

    private readonly List<FarmNode> _nodes = [];
    private LoopbackCrlServer? _crlServer;
    private HaProxy? _haProxy;
    private Dictionary<string, string> _placeholders = [];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "certauth-farm-" + Guid.NewGuid().ToString("N")[..10]);

    public PostgresCluster Postgres { get; private set; } = null!;

    public FarmPorts Ports { get; private set; } = null!;

    public DevPki Pki { get; private set; } = null!;

    public X509Certificate2 RootCa => Pki.RootCa;

    public FarmNode FederationA => _nodes[0];

    public FarmNode FederationB => _nodes[1];

    public FarmNode TokenServiceA => _nodes[2];

    public FarmNode TokenServiceB => _nodes[3];

    public IReadOnlyList<FarmNode> Nodes => _nodes;

    /// <summary>alice's certificate with its key, as loaded from the PKI's PFX (usable by SslStream).</summary>
    public X509Certificate2 Alice { get; private set; } = null!;

    public HaProxy HaProxy => _haProxy!;

    /// <summary>The settings of a node of this farm (fed-a's, not migrating; <see cref="EnvironmentOf"/>): the CLI takes its storage keys from here.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>The Host dll the nodes run.</summary>
    public string HostPath => HostDll(RepositoryRoot());

    public Uri FederationUrl => new($"https://127.0.0.1:{Ports.FederationPublic}");

    public Uri CertificateUrl => new($"https://127.0.0.1:{Ports.FederationCertificate}");

    public Uri TokenServiceUrl => new($"https://127.0.0.1:{Ports.TokenService}");

    /// <summary>The token service's database connection (the test reads <c>refresh_tokens</c> to check consistency).</summary>
    public string ConnectionString => Postgres.ConnectionString;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var root = RepositoryRoot();
        File.Copy(Path.Combine(root, "appsettings.json"), Path.Combine(Folder, "appsettings.json"));
        // A copy, not a link: `certauth theme set-active` (FactsAcrossNodesTests) writes active.json into the themes folder.
        CopyThemes(Path.Combine(root, "themes"), Path.Combine(Folder, "themes"));
        var pkiFolder = Path.Combine(Folder, "certs-dev");
        Pki = DevPki.Generate(pkiFolder, TimeProvider.System);
        Alice = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(pkiFolder, "alice.pfx"), DevPki.PfxPassword, X509KeyStorageFlags.Exportable);

        // The dev PKI's CRL files, served by the test (killing a node never takes them away), read at each request.
        _crlServer = await LoopbackCrlServer.StartAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(pkiFolder, "crl"), "*.crl"))
        {
            _crlServer.Serve("/crl/" + Path.GetFileName(file), () => new LoopbackResponse(200, File.ReadAllBytes(file)));
        }

        Postgres = await PostgresCluster.StartAsync();
        Ports = new FarmPorts(FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort());
        _placeholders = FarmPlaceholders(Ports, Postgres.ConnectionString, _crlServer.Url("/crl/").AbsoluteUri, Folder);
        Environment = EnvironmentOf(Ports.FederationA, migrate: false);
        var host = HostDll(root);
        foreach (var (name, role, port) in new[]
                 {
                     ("fed-a", "federation", Ports.FederationA), ("fed-b", "federation", Ports.FederationB),
                     ("ts-a", "tokenservice", Ports.TokenServiceA), ("ts-b", "tokenservice", Ports.TokenServiceB),
                 })
        {
            _nodes.Add(new FarmNode(name, role, port, host, Folder, migrate => EnvironmentOf(port, migrate)));
        }

        using var probe = CreateClient();
        // The first node of each role migrates its schema (each role has its own history table); the others start on it.
        await Task.WhenAll(FederationA.StartAsync(migrate: true, probe, StartBound), TokenServiceA.StartAsync(migrate: true, probe, StartBound));
        await Task.WhenAll(FederationB.StartAsync(migrate: false, probe, StartBound), TokenServiceB.StartAsync(migrate: false, probe, StartBound));

        var tlsPem = Path.Combine(Folder, "haproxy-tls.pem");
        await File.WriteAllTextAsync(tlsPem, Pki.TlsCertificate.ExportCertificatePem() + "\n" + PrivateKeyPem(Pki.TlsCertificate) + "\n");
        var clientCas = Path.Combine(Folder, "haproxy-client-cas.pem");
        await File.WriteAllTextAsync(clientCas, Pki.RootCa.ExportCertificatePem() + "\n" + Pki.IssuingCa.ExportCertificatePem() + "\n");
        _haProxy = new HaProxy(Folder);
        await _haProxy.StartAsync(HaProxy.Config(Ports, tlsPem, clientCas, Path.Combine(pkiFolder, "root-ca.pem"), _haProxy.SocketPath));
        await _haProxy.WaitUpAsync(_nodes.Select(n => n.Name), TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The farm-wide values of <c>scripts/farm-node.env</c>'s placeholders (all but the node's own <c>{node_url}</c> and
    /// <c>{migrate}</c>, see <see cref="NodePlaceholders"/>): the private cluster, no dev PKI in the nodes (the test serves
    /// the CRLs: <c>{crl_base}</c>), the generated PKI and the data folder in the farm folder, and HAProxy's frontends on
    /// this run's free ports as the public addresses.
    /// </summary>
    public static Dictionary<string, string> FarmPlaceholders(FarmPorts ports, string connectionString, string crlBase, string folder) => new(StringComparer.Ordinal)
    {
        ["connection"] = connectionString,
        ["dev_pki"] = "false",
        ["pki"] = Path.Combine(folder, "certs-dev"),
        ["data"] = Path.Combine(folder, "data"),
        ["federation_url"] = $"https://127.0.0.1:{ports.FederationPublic}",
        ["certificate_url"] = $"https://127.0.0.1:{ports.FederationCertificate}",
        ["token_service_url"] = $"https://127.0.0.1:{ports.TokenService}",
        ["crl_base"] = crlBase,
    };

    /// <summary>The farm-wide placeholders plus one node's: its listener on <paramref name="port"/> and whether it migrates.</summary>
    public static Dictionary<string, string> NodePlaceholders(IReadOnlyDictionary<string, string> farmPlaceholders, int port, bool migrate) =>
        new(farmPlaceholders, StringComparer.Ordinal)
        {
            ["node_url"] = $"https://127.0.0.1:{port}",
            ["migrate"] = migrate ? "true" : "false",
        };

    /// <summary>
    /// The settings a node process gets (environment variables, over the repository's appsettings.json copied into the
    /// farm folder, which is the content root): exactly what <c>scripts/farm-node.env</c> — the file
    /// <c>scripts/farm.sh</c> exports — yields for <paramref name="placeholders"/>, nothing added or left out here.
    /// </summary>
    public static Dictionary<string, string> NodeEnvironment(IReadOnlyDictionary<string, string> placeholders) =>
        FarmNodeSettings.Fill(FarmNodeSettings.FilePath(RepositoryRoot()), placeholders);

    /// <summary>This farm's settings for a node listening on <paramref name="port"/> (<see cref="NodeEnvironment(IReadOnlyDictionary{string, string})"/>).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(int port, bool migrate) => NodeEnvironment(NodePlaceholders(_placeholders, port, migrate));

    /// <summary>Starts every node that is not running (after a kill) and waits until HAProxy has them all UP again.</summary>
    public async Task EnsureAllUpAsync()
    {
        using var probe = CreateClient();
        foreach (var node in _nodes.Where(n => !n.IsRunning))
        {
            await node.StartAsync(migrate: false, probe, StartBound);
        }

        await HaProxy.WaitUpAsync(_nodes.Select(n => n.Name), TimeSpan.FromSeconds(30));
    }

    /// <summary>An HTTP client for the farm: trusts the test PKI's root, no redirects, no cookies unless a jar is given.</summary>
    public HttpClient CreateClient(bool withClientCertificate = false, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ChainsToRoot(certificate);
        if (withClientCertificate)
        {
            var alice = Alice;
            handler.SslOptions.ClientCertificates = [alice];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => alice;
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>
    /// A fresh, unpooled connection to the farm's database: a pooled one opened by an earlier test would be dead after
    /// <see cref="DatabaseRestartTests"/> restarts PostgreSQL (Npgsql does not check an idle connection when it hands it out).
    /// </summary>
    public NpgsqlConnection OpenDatabase()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public async Task DisposeAsync()
    {
        _haProxy?.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (_crlServer is not null)
        {
            await _crlServer.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        if (System.Environment.GetEnvironmentVariable("CERTAUTH_FARM_KEEP") is not { Length: > 0 })
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertAuth.Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CertAuth.Federation.sln) was not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Copies the theme folders (each with its theme.json), without an <c>active.json</c> (the store decides).</summary>
    private static void CopyThemes(string from, string to)
    {
        foreach (var theme in Directory.GetDirectories(from).Where(d => File.Exists(Path.Combine(d, "theme.json"))))
        {
            foreach (var file in Directory.GetFiles(theme, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        ((System.Security.Cryptography.AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
         ?? throw new InvalidOperationException("The TLS certificate has no private key.")).ExportPkcs8PrivateKeyPem();

    private bool ChainsToRoot(X509Certificate certificate)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Pki.RootCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    /// <summary>The Host's build output of the same configuration as this test assembly (the project reference builds it).</summary>
    internal static string HostDll(string root)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(root, "src", "CertAuth.Federation.Host", "bin", configuration, "net10.0", "CertAuth.Federation.Host.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the test project (it builds the Host).");
    }

}

/// <summary>The farm tests share one farm and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmFixture>
{
    public const string Name = "Farm";
}
