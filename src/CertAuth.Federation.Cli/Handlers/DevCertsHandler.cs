using System.Globalization;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>dev-certs</c> verbs over the Certificates library's <see cref="DevPki"/>: generate the development PKI,
/// revoke a development user's certificate (and ask running services, through the store, to refresh their CRLs).
/// </summary>
internal sealed class DevCertsHandler(CliConsole console, CliInvocation invocation, TimeProvider timeProvider, Administration.TrustedAuthorities.TrustedAuthorityManager authorities)
{
    public const string DefaultDirectory = "certs-dev";

    public Task<int> GenerateAsync(string? directory, bool force, CancellationToken cancellationToken, string? tlsKeyAlgorithm = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var requested = tlsKeyAlgorithm ?? invocation.Settings.Configuration["DevPki:TlsKeyAlgorithm"];
        if (!DevPki.TryParseTlsKeyAlgorithm(requested, out var tlsKey))
        {
            throw new CliRefusedException($"'{requested}' is not a TLS key algorithm; use RSA or ECDSA.");
        }

        var folder = ResolveDirectory(directory);
        var existed = DevPki.Exists(folder);
        if (existed && !force)
        {
            throw new CliRefusedException($"a development PKI already exists in '{folder}'; pass --force to replace it.");
        }

        var before = Snapshot(folder);
        DevPki.Generate(folder, timeProvider, tlsKey);
        var made = Snapshot(folder)
            .Where(file => !before.TryGetValue(file.Key, out var written) || written != file.Value)
            .Select(file => file.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

        console.Line($"development PKI {(existed ? "replaced" : "generated")} in {folder}:");
        foreach (var file in made)
        {
            console.Line($"  {Path.GetRelativePath(folder, file)}");
        }

        console.Line("PFX files use the password DevPki:PfxPassword from appsettings.json (development only; never use these in production).");
        if (existed)
        {
            console.Warning("the previous development CAs may still be trusted in the database; check 'certauth ca list'.");
        }

        return Task.FromResult(CliApplication.Ok);
    }

    public async Task<int> RevokeAsync(string name, string? directory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = ResolveDirectory(directory);
        if (!DevPki.Exists(folder))
        {
            throw new CliRefusedException($"no development PKI in '{folder}'; run 'certauth dev-certs' first.");
        }

        var user = name.Trim();
        if (!DevPki.UserNames.Contains(user, StringComparer.Ordinal))
        {
            throw new CliRefusedException($"'{user}' is not a development user; use one of: {string.Join(", ", DevPki.UserNames)}.");
        }

        DevPki.Revoke(folder, user, timeProvider);
        var crl = FindPublishedCrl(folder, user);
        var number = crl?.List.CrlNumber?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        var where = crl is null ? string.Empty : $" ({Path.GetRelativePath(folder, crl.Value.Path)})";
        console.Line($"revoked {user}; new CRL number {number}{where}");

        // Running services cache CRLs until nextUpdate; ask them (through the shared store) to fetch the new one now.
        (await authorities.RequestCrlRefreshAsync(null, [Storage.StoreRole.Federation, Storage.StoreRole.TokenService], invocation.Actor, cancellationToken)).Unwrap();
        console.Line("asked the running services to refresh their CRLs (they poll every few seconds).");
        return CliApplication.Ok;
    }

    private string ResolveDirectory(string? directory) =>
        directory is { Length: > 0 }
            ? invocation.ResolveCommandLinePath(directory)
            : invocation.Settings.ResolvePath(invocation.Settings.Configuration["DevPki:Directory"] is { Length: > 0 } configured ? configured : DefaultDirectory);

    private static Dictionary<string, DateTime> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc, StringComparer.Ordinal)
            : new Dictionary<string, DateTime>(StringComparer.Ordinal);

    /// <summary>The base CRL of the CA that issued <paramref name="user"/>'s certificate, as just published.</summary>
    private static (string Path, RevocationList List)? FindPublishedCrl(string folder, string user)
    {
        byte[]? issuer = null;
        try
        {
            using var certificate = CertificateFileReader.Read(Path.Combine(folder, user + ".pem"), "dev-certs revoke");
            issuer = certificate.IssuerName.RawData;
        }
        catch (CliRefusedException)
        {
            // Fall back to the newest base CRL: Revoke publishes only the issuing CA's CRLs.
        }

        var candidates = Directory.Exists(Path.Combine(folder, "crl"))
            ? Directory.EnumerateFiles(Path.Combine(folder, "crl"), "*.crl").OrderByDescending(File.GetLastWriteTimeUtc)
            : Enumerable.Empty<string>();
        foreach (var path in candidates)
        {
            if (CrlParser.TryParse(File.ReadAllBytes(path), out var list, out _) && list is { IsDelta: false }
                && (issuer is null || list.Issuer.RawData.AsSpan().SequenceEqual(issuer)))
            {
                return (path, list);
            }
        }

        return null;
    }
}
