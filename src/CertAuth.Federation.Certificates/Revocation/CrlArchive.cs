using System.Security.Cryptography;
using System.Text;
using CertAuth.Federation.Certificates.Authorities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Keeps the last accepted base and delta CRL of each CA on disk (<see cref="CrlOptions.ArchiveDirectory"/>) so a
/// restarted node can serve revocation checks before its first download has finished. Nothing read back is trusted
/// for being there: <see cref="CrlCache.WarmFromArchiveAsync"/> parses it again, verifies its signature with the CA's
/// configured certificate, checks its kind and thisUpdate, applies the persisted CRL-number floor and uses it only
/// while it is fresh (before its nextUpdate) — the same checks as a download.
/// <para>
/// One file per CA, CRL kind and configuration: the name is a SHA-256 over the CA id, its certificate thumbprint and
/// the CRL URL, so a re-keyed CA or a changed URL never reads an older configuration's file. Files are written to a
/// temporary name and renamed into place (a crash leaves the previous file or the new one, never half of one); two
/// nodes sharing the folder each write whole files.
/// </para>
/// </summary>
public sealed class CrlArchive
{
    private readonly IOptionsMonitor<CrlOptions> _options;
    private readonly ILogger<CrlArchive> _logger;

    /// <summary>Creates the archive over <see cref="CrlOptions.ArchiveDirectory"/> (off while it is not set).</summary>
    public CrlArchive(IOptionsMonitor<CrlOptions> options, ILogger<CrlArchive> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>True when an archive directory is configured.</summary>
    public bool Enabled => _options.CurrentValue.ArchiveDirectory is { Length: > 0 };

    /// <summary>The bytes last archived for the CA's base (<paramref name="delta"/> false) or delta CRL, or null.</summary>
    public async Task<(byte[] Body, DateTimeOffset WrittenAt)?> ReadAsync(TrustedCertificateAuthority authority, bool delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (PathFor(authority, delta) is not { } path)
        {
            return null;
        }

        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return null;
            }

            if (file.Length > _options.CurrentValue.MaxCrlSizeBytes)
            {
                _logger.CrlArchiveUnreadable(authority.Id, delta ? "delta" : "base", "larger than Crl:MaxCrlSizeBytes");
                return null;
            }

            var body = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return (body, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.CrlArchiveUnreadable(authority.Id, delta ? "delta" : "base", ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Stores an accepted CRL (already verified by the caller). A failure is logged and otherwise ignored: the archive
    /// only shortens start-up, revocation never depends on it.
    /// </summary>
    public async Task WriteAsync(TrustedCertificateAuthority authority, RevocationList crl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(crl);
        if (PathFor(authority, crl.IsDelta) is not { } path)
        {
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(temporary, crl.RawData.ToArray(), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.CrlArchiveWriteFailed(authority.Id, crl.IsDelta ? "delta" : "base", ex.Message);
            TryDelete(temporary);
        }
    }

    private string? PathFor(TrustedCertificateAuthority authority, bool delta)
    {
        var directory = _options.CurrentValue.ArchiveDirectory;
        var url = delta ? authority.DeltaCrlDistributionPoint : authority.CrlDistributionPoint;
        if (directory is not { Length: > 0 } || url is null)
        {
            return null;
        }

        var identity = string.Join('\n', authority.Id, authority.Certificate.Thumbprint, url.AbsoluteUri);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        return Path.Combine(directory, $"{name}.{(delta ? "delta" : "base")}.crl");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start; the name is unique and never read.
        }
    }
}
