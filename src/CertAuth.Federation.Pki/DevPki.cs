using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Pki;

/// <summary>
/// The development PKI written to a directory (<c>certauth dev-certs</c>, first run). Files:
/// <c>root-ca.cer/.pem/.pfx</c>, <c>issuing-ca.cer/.pem/.pfx</c>, <c>untrusted-ca.cer/.pem/.pfx</c>, <c>localhost-tls.pfx</c>,
/// <c>token-signing.pfx/.cer</c>, the admin API's <c>admin-ca.cer/.pem/.pfx</c> and <c>admin.pfx/.pem/.key.pem</c>, per user <c>&lt;name&gt;.pfx</c>, <c>&lt;name&gt;.pem</c>, <c>&lt;name&gt;.key.pem</c>
/// (unencrypted, for curl), <c>crl/root-ca.crl</c>, <c>crl/issuing-ca.crl</c>, <c>crl/issuing-ca-delta.crl</c>,
/// <c>crl/untrusted-ca.crl</c> and <c>pki.json</c> (CRL numbers, revoked serials, user serials and thumbprints).
/// Every PFX uses the password <see cref="PfxPassword"/>. Development only: nothing here is secret or for production.
/// Users: alice (UPN + RFC822, client auth), bob (RFC822 only), carol (UPN, revoked), dave (UPN, expired),
/// eve (UPN, serverAuth EKU only), mallory (UPN, issued by the untrusted CA).
/// </summary>
public sealed class DevPki
{
    /// <summary>Password of every PFX file.</summary>
    public const string PfxPassword = "certauth";

    /// <summary>The dev users.</summary>
    public static readonly IReadOnlyList<string> UserNames = ["alice", "bob", "carol", "dave", "eve", "mallory"];

    private const string StateFile = "pki.json";
    private const string Root = "root-ca";
    private const string Issuing = "issuing-ca";
    private const string Untrusted = "untrusted-ca";
    private const string AdminCa = "admin-ca";
    private const string Administrator = "admin";

    private DevPki(string directory, Dictionary<string, X509Certificate2> authorities, Dictionary<string, X509Certificate2> users,
        X509Certificate2 tls, X509Certificate2 tokenSigning)
    {
        Directory = directory;
        RootCa = authorities[Root];
        IssuingCa = authorities[Issuing];
        UntrustedCa = authorities[Untrusted];
        Users = users;
        TlsCertificate = tls;
        TokenSigningCertificate = tokenSigning;
    }

    /// <summary>The directory.</summary>
    public string Directory { get; }

    /// <summary>Root CA (with key).</summary>
    public X509Certificate2 RootCa { get; }

    /// <summary>Issuing CA (with key).</summary>
    public X509Certificate2 IssuingCa { get; }

    /// <summary>A CA nobody trusts (with key).</summary>
    public X509Certificate2 UntrustedCa { get; }

    /// <summary>User certificates by name (with keys).</summary>
    public IReadOnlyDictionary<string, X509Certificate2> Users { get; }

    /// <summary>localhost TLS certificate (with key), issued by the root CA.</summary>
    public X509Certificate2 TlsCertificate { get; }

    /// <summary>Self-signed token-signing certificate (with key).</summary>
    public X509Certificate2 TokenSigningCertificate { get; }

    /// <summary>
    /// Reads a TLS key algorithm setting (<c>DevPki:TlsKeyAlgorithm</c>, <c>--tls-key-algorithm</c>): <c>RSA</c> (also when
    /// empty) or <c>ECDSA</c> (P-256), any case; anything else returns false.
    /// </summary>
    public static bool TryParseTlsKeyAlgorithm(string? value, out PkiKeyAlgorithm algorithm)
    {
        algorithm = PkiKeyAlgorithm.Rsa;
        switch (value?.Trim().ToUpperInvariant())
        {
            case null or "" or "RSA":
                return true;
            case "ECDSA" or "ECDSA-P256" or "P-256" or "ES256":
                algorithm = PkiKeyAlgorithm.EcdsaP256;
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when a dev PKI exists in <paramref name="directory"/>.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StateFile));

    /// <summary>
    /// Creates (overwriting) the dev PKI in <paramref name="directory"/>; the localhost TLS certificate gets an RSA-2048
    /// key (default) or, with <paramref name="tlsKeyAlgorithm"/> <see cref="PkiKeyAlgorithm.EcdsaP256"/>, an ECDSA P-256 key
    /// (<c>DevPki:TlsKeyAlgorithm</c>, <c>certauth dev-certs --tls-key-algorithm</c>).
    /// </summary>
    public static DevPki Generate(string directory, TimeProvider clock, PkiKeyAlgorithm tlsKeyAlgorithm = PkiKeyAlgorithm.Rsa)
    {
        ArgumentNullException.ThrowIfNull(clock);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "crl"));
        var now = clock.GetUtcNow();
        var root = CertificateFactory.CreateRootCa("CN=CertAuth Dev Root CA, O=CertAuth Development", now.AddYears(-1), now.AddYears(10));
        var issuing = CertificateFactory.CreateIntermediateCa(root, "CN=CertAuth Dev Issuing CA, O=CertAuth Development", now.AddYears(-1), now.AddYears(5));
        var untrusted = CertificateFactory.CreateRootCa("CN=CertAuth Untrusted CA, O=Nobody Trusts Me", now.AddYears(-1), now.AddYears(10));
        var state = new DevPkiState();
        foreach (var (id, ca) in new[] { (Root, root), (Issuing, issuing), (Untrusted, untrusted) })
        {
            WriteCertificate(directory, id, ca, withPfx: true);
            state.Authorities[id] = new DevPkiAuthorityState { Thumbprint = ca.Thumbprint, PublishesDelta = id == Issuing };
        }

        var tls = CertificateFactory.CreateTlsServer(root, now.AddDays(-1), now.AddYears(1), keyAlgorithm: tlsKeyAlgorithm);
        WritePfx(directory, "localhost-tls", tls);
        var tokenSigning = CertificateFactory.CreateTokenSigning("CN=CertAuth Dev Token Signing", now.AddDays(-1), now.AddYears(1));
        WritePfx(directory, "token-signing", tokenSigning);
        File.WriteAllBytes(Path.Combine(directory, "token-signing.cer"), tokenSigning.RawData);
        EnsureDataProtectionCertificate(directory, clock);
        state.TlsThumbprint = tls.Thumbprint;
        state.TokenSigningThumbprint = tokenSigning.Thumbprint;

        // The admin API's own CA (Federation:Admin:ClientCaCertificate, TokenService:Admin:ClientCaCertificate) and one
        // administrator's client certificate: separate from the sign-in CAs, so no sign-in certificate is an admin.
        var adminCa = CertificateFactory.CreateRootCa("CN=CertAuth Dev Admin CA, O=CertAuth Development", now.AddYears(-1), now.AddYears(10));
        WriteCertificate(directory, AdminCa, adminCa, withPfx: true);
        var administrator = CertificateFactory.CreateUser(adminCa, new UserCertificateOptions
        {
            Subject = "CN=CertAuth Dev Administrator, O=CertAuth Development",
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(1),
        });
        WriteUser(directory, Administrator, administrator);

        UserCertificateOptions User(string name, string? upn, string? email) => new()
        {
            Subject = $"CN={name}, O=Contoso",
            Upn = upn,
            Email = email,
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(1),
        };
        var users = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal)
        {
            ["alice"] = CertificateFactory.CreateUser(issuing, User("alice", "alice@contoso.com", "alice@contoso.com")),
            ["bob"] = CertificateFactory.CreateUser(issuing, User("bob", null, "bob@contoso.com")),
            ["carol"] = CertificateFactory.CreateUser(issuing, User("carol", "carol@contoso.com", null)),
            ["dave"] = CertificateFactory.CreateUser(issuing, User("dave", "dave@contoso.com", null) with { NotBefore = now.AddDays(-60), NotAfter = now.AddDays(-30) }),
            ["eve"] = CertificateFactory.CreateUser(issuing, User("eve", "eve@contoso.com", null) with { ExtendedKeyUsages = [UserCertificateOptions.ServerAuthenticationEku] }),
            ["mallory"] = CertificateFactory.CreateUser(untrusted, User("mallory", "mallory@contoso.com", null)),
        };
        foreach (var (name, certificate) in users)
        {
            WriteUser(directory, name, certificate);
            state.Users[name] = new DevPkiUserState
            {
                SerialNumber = certificate.SerialNumber,
                Thumbprint = certificate.Thumbprint,
                Issuer = name == "mallory" ? Untrusted : Issuing,
            };
        }

        state.Authorities[Issuing].Revoked.Add(new DevPkiRevocation { SerialNumber = users["carol"].SerialNumber, RevocationDate = now });
        var authorities = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal) { [Root] = root, [Issuing] = issuing, [Untrusted] = untrusted };
        PublishAll(directory, state, authorities, now);
        SaveState(directory, state);
        return new DevPki(directory, authorities, users, tls, tokenSigning);
    }

    /// <summary>File name (in the dev PKI folder) of the certificate that encrypts both roles' data-protection keys at rest.</summary>
    public const string DataProtectionFileName = "data-protection.pfx";

    /// <summary>
    /// Creates <see cref="DataProtectionFileName"/> when the folder has none (a dev PKI made before issue 13 gets it on the
    /// next run). Returns true when it was created.
    /// </summary>
    public static bool EnsureDataProtectionCertificate(string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (File.Exists(Path.Combine(directory, DataProtectionFileName)))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        using var certificate = CertificateFactory.CreateKeyEncryption("CN=CertAuth Dev Data Protection", now.AddDays(-1), now.AddYears(5));
        WritePfx(directory, Path.GetFileNameWithoutExtension(DataProtectionFileName), certificate);
        return true;
    }

    /// <summary>Loads an existing dev PKI.</summary>
    public static DevPki Load(string directory)
    {
        var state = LoadState(directory);
        var authorities = new[] { Root, Issuing, Untrusted }.ToDictionary(id => id, id => LoadPfx(directory, id), StringComparer.Ordinal);
        var users = state.Users.Keys.ToDictionary(name => name, name => LoadPfx(directory, name), StringComparer.Ordinal);
        return new DevPki(directory, authorities, users, LoadPfx(directory, "localhost-tls"), LoadPfx(directory, "token-signing"));
    }

    /// <summary>Revokes a user's certificate: publishes a new base CRL (number + 1, thisUpdate = now) and a new delta.</summary>
    public static void Revoke(string directory, string userName, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var state = LoadState(directory);
        if (!state.Users.TryGetValue(userName, out var user))
        {
            throw new ArgumentException($"Unknown dev user '{userName}'.", nameof(userName));
        }

        var now = clock.GetUtcNow();
        var authority = state.Authorities[user.Issuer];
        if (!authority.Revoked.Any(r => r.SerialNumber == user.SerialNumber))
        {
            authority.Revoked.Add(new DevPkiRevocation { SerialNumber = user.SerialNumber, RevocationDate = now });
        }

        Publish(directory, user.Issuer, authority, LoadPfx(directory, user.Issuer), now, state.CrlValidityDays);
        SaveState(directory, state);
    }

    /// <summary>Publishes fresh CRLs for every CA (new numbers, thisUpdate = now).</summary>
    public static void RepublishCrls(string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var state = LoadState(directory);
        var authorities = state.Authorities.Keys.ToDictionary(id => id, id => LoadPfx(directory, id), StringComparer.Ordinal);
        PublishAll(directory, state, authorities, clock.GetUtcNow());
        SaveState(directory, state);
    }

    /// <summary>True when some CRL is missing or expires within a day (call <see cref="RepublishCrls"/> on start).</summary>
    public static bool CrlsNeedRepublishing(string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var limit = clock.GetUtcNow().AddDays(1);
        foreach (var file in new[] { Root, Issuing, Issuing + "-delta", Untrusted })
        {
            var path = Path.Combine(directory, "crl", file + ".crl");
            if (!File.Exists(path) || !Certificates.Revocation.CrlParser.TryParse(File.ReadAllBytes(path), out var crl, out _) || crl!.NextUpdate is not { } next || next < limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trusted CAs to configure (root and issuing CA, not the untrusted one) with CRL URLs under <paramref name="crlBaseAddress"/> (e.g. <c>http://localhost:44380/crl/</c>).</summary>
    public IReadOnlyList<TrustedCertificateAuthority> GetTrustedAuthorities(Uri crlBaseAddress)
    {
        ArgumentNullException.ThrowIfNull(crlBaseAddress);
        return
        [
            new TrustedCertificateAuthority { Id = Root, AuthorityType = CertificateAuthorityType.RootAuthority, Certificate = RootCa, CrlDistributionPoint = new Uri(crlBaseAddress, Root + ".crl") },
            new TrustedCertificateAuthority
            {
                Id = Issuing, AuthorityType = CertificateAuthorityType.IntermediateAuthority, Certificate = IssuingCa,
                CrlDistributionPoint = new Uri(crlBaseAddress, Issuing + ".crl"), DeltaCrlDistributionPoint = new Uri(crlBaseAddress, Issuing + "-delta.crl"),
            },
        ];
    }

    private static void PublishAll(string directory, DevPkiState state, Dictionary<string, X509Certificate2> authorities, DateTimeOffset now)
    {
        foreach (var (id, authority) in state.Authorities)
        {
            Publish(directory, id, authority, authorities[id], now, state.CrlValidityDays);
        }
    }

    private static void Publish(string directory, string id, DevPkiAuthorityState authority, X509Certificate2 ca, DateTimeOffset now, int validityDays)
    {
        var entries = authority.Revoked.Select(r => CrlEntry.FromSerialNumber(r.SerialNumber, r.RevocationDate)).ToList();
        var baseNumber = ++authority.CrlNumber;
        WriteAtomically(Path.Combine(directory, "crl", id + ".crl"), CrlWriter.Write(ca, entries, now, now.AddDays(validityDays), baseNumber));
        if (authority.PublishesDelta)
        {
            var deltaNumber = ++authority.CrlNumber;
            WriteAtomically(Path.Combine(directory, "crl", id + "-delta.crl"), CrlWriter.Write(ca, [], now, now.AddDays(1), deltaNumber, baseNumber));
        }
    }

    private static void WriteCertificate(string directory, string name, X509Certificate2 certificate, bool withPfx)
    {
        File.WriteAllBytes(Path.Combine(directory, name + ".cer"), certificate.RawData);
        File.WriteAllText(Path.Combine(directory, name + ".pem"), certificate.ExportCertificatePem() + "\n");
        if (withPfx)
        {
            WritePfx(directory, name, certificate);
        }
    }

    private static void WriteUser(string directory, string name, X509Certificate2 certificate)
    {
        WritePfx(directory, name, certificate);
        File.WriteAllText(Path.Combine(directory, name + ".pem"), certificate.ExportCertificatePem() + "\n");
        using var rsa = certificate.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? certificate.GetECDsaPrivateKey() : null;
        var keyPem = rsa?.ExportPkcs8PrivateKeyPem() ?? ecdsa?.ExportPkcs8PrivateKeyPem() ?? throw new InvalidOperationException("No private key.");
        WritePrivate(Path.Combine(directory, name + ".key.pem"), System.Text.Encoding.ASCII.GetBytes(keyPem + "\n"));
    }

    private static void WritePfx(string directory, string name, X509Certificate2 certificate)
        => WritePrivate(Path.Combine(directory, name + ".pfx"), certificate.Export(X509ContentType.Pkcs12, PfxPassword));

    private static void WritePrivate(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2 LoadPfx(string directory, string name)
        => X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(directory, name + ".pfx"), PfxPassword, X509KeyStorageFlags.Exportable);

    private static DevPkiState LoadState(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("No dev PKI found; generate one first.", path);
        }

        return JsonSerializer.Deserialize<DevPkiState>(File.ReadAllText(path), DevPkiState.JsonOptions)
               ?? throw new InvalidDataException("pki.json is empty.");
    }

    private static void SaveState(string directory, DevPkiState state)
        => WriteAtomically(Path.Combine(directory, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, DevPkiState.JsonOptions));
}
