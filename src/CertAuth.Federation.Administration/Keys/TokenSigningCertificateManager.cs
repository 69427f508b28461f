using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;

namespace CertAuth.Federation.Administration.Keys;

/// <summary>
/// The federation server's token-signing certificates as admin actions (<c>certauth signing-cert</c>, the admin API and the
/// nodes' automatic rollover), issue 13 item 2. Every rule and every audit entry lives here: at most one secondary at a
/// time, a secondary succeeds the current primary, only a secondary can be promoted, bounds on delays and lifetimes,
/// RSA 2048 or larger with a private key. Private keys are protected with the federation server's data protection,
/// passed in as its nodes configure it.
/// </summary>
public sealed class TokenSigningCertificateManager(ITokenSigningCertificateStore store, IAdminRoleStores stores, TimeProvider timeProvider)
{
    /// <summary>The actor of the nodes' automatic rollover in the audit trail.</summary>
    public const string AutoRolloverActor = "auto-rollover";

    /// <summary>A later promotion than this is a mistake, not a plan.</summary>
    public static readonly TimeSpan MaxPromotionDelay = TimeSpan.FromDays(365);

    /// <summary>Bounds of a generated certificate's lifetime.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1), MaxLifetime = TimeSpan.FromDays(5 * 366);

    /// <summary>Largest PFX accepted.</summary>
    public const int MaxPfxBytes = 64 * 1024;

    /// <summary>Every stored certificate with its state now (superseded ones past <paramref name="retiredKeep"/> are listed as removed).</summary>
    public Task<AdminResult<IReadOnlyList<ClassifiedTokenSigningCertificate>>> ListAsync(TimeSpan retiredKeep, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => TokenSigningCertificateSet.Classify(await store.ListAsync(cancellationToken), timeProvider.GetUtcNow(), retiredKeep));

    /// <summary>
    /// Adds the certificate of <paramref name="pfx"/>: the primary at once when the store has none, otherwise the secondary,
    /// promoted after <paramref name="promoteIn"/> (null: only by <see cref="PromoteAsync"/>).
    /// </summary>
    public Task<AdminResult<ClassifiedTokenSigningCertificate>> AddAsync(
        IDataProtectionProvider dataProtection, byte[] pfx, string? password, TimeSpan? promoteIn, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(dataProtection);
            if (pfx is null || pfx.Length == 0 || pfx.Length > MaxPfxBytes)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateUnusable, $"The PFX must be 1 to {MaxPfxBytes} bytes.");
            }

            if (promoteIn is { } delay)
            {
                CheckPromotionDelay(delay);
            }

            using var certificate = LoadPfx(pfx, password);
            var now = timeProvider.GetUtcNow();
            CheckUsable(certificate, now);
            var (primary, secondary) = Current(await store.ListAsync(cancellationToken), now);
            if (secondary is not null)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateState, $"A secondary token-signing certificate ({secondary.Thumbprint}) already exists; promote it first.");
            }

            var promotesAt = primary is null ? now : now + promoteIn;
            var record = TokenSigningCertificateMaterial.Create(dataProtection, certificate, now, promotesAt, primary?.Thumbprint, actor);
            await AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "signing-cert.add", record.Thumbprint, $"subject={record.Subject}; promotes={Describe(record.PromotesAt)}", cancellationToken);
            return Classified(record, now);
        });

    /// <summary>
    /// Generates a new certificate (<paramref name="subject"/>, valid for <paramref name="lifetime"/>) as the secondary of
    /// the current primary, promoted <paramref name="promoteIn"/> from now. The nodes' automatic rollover calls this too
    /// (actor <see cref="AutoRolloverActor"/>); when two nodes do at once, the store keeps one and the other is refused
    /// with <see cref="AdminCodes.Conflict"/>.
    /// </summary>
    public Task<AdminResult<ClassifiedTokenSigningCertificate>> RolloverAsync(
        IDataProtectionProvider dataProtection, string subject, TimeSpan lifetime, TimeSpan promoteIn, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(dataProtection);
            CheckPromotionDelay(promoteIn);
            if (lifetime < MinLifetime || lifetime > MaxLifetime || lifetime <= promoteIn)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateTiming, $"The certificate lifetime must be {MinLifetime.TotalHours:0} hour to {MaxLifetime.TotalDays:0} days and longer than the promotion delay.");
            }

            X500DistinguishedName name;
            try
            {
                name = new X500DistinguishedName(string.IsNullOrWhiteSpace(subject) ? "CN=CertAuth Token Signing" : subject);
            }
            catch (CryptographicException)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateUnusable, "The certificate subject is not an X.500 distinguished name.");
            }

            var now = timeProvider.GetUtcNow();
            var (primary, secondary) = Current(await store.ListAsync(cancellationToken), now);
            if (secondary is not null)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateState, $"A secondary token-signing certificate ({secondary.Thumbprint}) already exists; promote it first.");
            }

            if (primary is null)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateState, "The store has no primary token-signing certificate to roll over (start a node with Federation:TokenSigning enabled, or add one with --pfx).");
            }

            using var certificate = TokenSigningCertificateMaterial.Generate(name.Name, now, lifetime);
            var record = TokenSigningCertificateMaterial.Create(dataProtection, certificate, now, now + promoteIn, primary.Thumbprint, actor);
            await AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "signing-cert.rollover", record.Thumbprint, $"succeeds={primary.Thumbprint}; promotes={Describe(record.PromotesAt)}", cancellationToken);
            return Classified(record, now);
        });

    /// <summary>Makes the secondary <paramref name="thumbprint"/> primary <paramref name="promoteIn"/> from now (every node switches at that moment).</summary>
    public Task<AdminResult<ClassifiedTokenSigningCertificate>> PromoteAsync(string thumbprint, TimeSpan promoteIn, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            CheckPromotionDelay(promoteIn);
            var wanted = (thumbprint ?? string.Empty).Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();
            if (wanted.Length == 0)
            {
                throw new AdminRefusal(AdminCodes.Required, "A thumbprint (SHA-256, hex) is required.");
            }

            var now = timeProvider.GetUtcNow();
            var all = TokenSigningCertificateSet.Classify(await store.ListAsync(cancellationToken), now, TimeSpan.Zero);
            var target = all.SingleOrDefault(c => c.Record.Thumbprint == wanted)
                ?? throw new AdminRefusal(AdminCodes.NotFound, $"No stored token-signing certificate has the thumbprint '{wanted}'.");
            if (target.State != TokenSigningCertificateState.Secondary)
            {
                throw new AdminRefusal(AdminCodes.SigningCertificateState, $"The token-signing certificate '{wanted}' is {target.State.ToString().ToLowerInvariant()}, not a secondary.");
            }

            // Strictly after the current primary's promotion, so that the order of promotions (which decides the primary) never ties.
            var primary = all.FirstOrDefault(c => c.State == TokenSigningCertificateState.Primary)?.Record.PromotesAt;
            var promotesAt = primary is { } current && current >= now + promoteIn ? current.AddSeconds(1) : now + promoteIn;
            if (!await store.SetPromotionAsync(wanted, promotesAt, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"No stored token-signing certificate has the thumbprint '{wanted}'.");
            }

            target.Record.PromotesAt = promotesAt;
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "signing-cert.promote", wanted, $"promotes={promotesAt:O}", cancellationToken);
            return Classified(target.Record, now);
        });

    private static (Storage.Entities.TokenSigningCertificateRecord? Primary, Storage.Entities.TokenSigningCertificateRecord? Secondary) Current(
        IReadOnlyList<Storage.Entities.TokenSigningCertificateRecord> records, DateTimeOffset now)
    {
        var classified = TokenSigningCertificateSet.Classify(records, now, TimeSpan.Zero);
        return (classified.FirstOrDefault(c => c.State == TokenSigningCertificateState.Primary)?.Record,
            classified.FirstOrDefault(c => c.State == TokenSigningCertificateState.Secondary)?.Record);
    }

    private static ClassifiedTokenSigningCertificate Classified(Storage.Entities.TokenSigningCertificateRecord record, DateTimeOffset now) =>
        new(record, record.PromotesAt is { } at && at <= now ? TokenSigningCertificateState.Primary : TokenSigningCertificateState.Secondary, null);

    private async Task AddAsync(Storage.Entities.TokenSigningCertificateRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await store.AddAsync(record, cancellationToken);
        }
        catch (StoreConflictException conflict) when (conflict.Message.Contains("already stored", StringComparison.Ordinal) && !conflict.Message.Contains("successor", StringComparison.Ordinal))
        {
            throw new AdminRefusal(AdminCodes.Duplicate, conflict.Message);
        }
    }

    private static void CheckPromotionDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero || delay > MaxPromotionDelay)
        {
            throw new AdminRefusal(AdminCodes.SigningCertificateTiming, $"The promotion delay must be 0 to {MaxPromotionDelay.TotalDays:0} days.");
        }
    }

    private static void CheckUsable(X509Certificate2 certificate, DateTimeOffset now)
    {
        using var rsa = certificate.GetRSAPrivateKey()
            ?? throw new AdminRefusal(AdminCodes.SigningCertificateUnusable, "The PFX holds no RSA private key for its certificate.");
        if (rsa.KeySize < TokenSigningCertificateMaterial.MinimumKeySize)
        {
            throw new AdminRefusal(AdminCodes.SigningCertificateUnusable, $"The RSA key has {rsa.KeySize} bits; at least {TokenSigningCertificateMaterial.MinimumKeySize} are required.");
        }

        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            throw new AdminRefusal(AdminCodes.CertificateExpired, "The token-signing certificate is expired or not yet valid.");
        }
    }

    private static X509Certificate2 LoadPfx(byte[] pfx, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, password, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            throw new AdminRefusal(AdminCodes.SigningCertificateUnusable, "The PFX cannot be read (not PKCS#12, or the password is wrong).");
        }
    }

    private static string Describe(DateTimeOffset? at) => at is { } value ? value.ToString("O") : "on promote";
}
