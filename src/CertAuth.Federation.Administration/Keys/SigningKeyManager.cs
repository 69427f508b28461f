using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;

namespace CertAuth.Federation.Administration.Keys;

/// <summary>A signing-key rotation made: the key added, and the key that signs until it activates (if any).</summary>
public sealed record SigningKeyRotation(SigningKeyRecord Added, SigningKeyRecord? Current);

/// <summary>
/// The token service's JWT signing keys as an admin action (<c>certauth keys rotate</c>): a new key is published at once
/// and signs from its activation time, so every node has it in JWKS before any token it signs reaches a client. The
/// rule (activation delay bounds) and the audit entry live here like every other admin change.
/// </summary>
public sealed class SigningKeyManager(ISigningKeyStore signingKeys, IAdminRoleStores stores, TimeProvider timeProvider)
{
    /// <summary>A later activation than this is a mistake, not a plan.</summary>
    public static readonly TimeSpan MaxActivationDelay = TimeSpan.FromDays(30);

    /// <summary>
    /// Adds a key protected by <paramref name="dataProtection"/> (the token service's own data protection, as its nodes
    /// configure it) that signs from now + <paramref name="activateIn"/>.
    /// </summary>
    public Task<AdminResult<SigningKeyRotation>> RotateAsync(
        IDataProtectionProvider dataProtection, TimeSpan activateIn, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(dataProtection);
            if (activateIn < TimeSpan.Zero)
            {
                throw new AdminRefusal(AdminCodes.KeyActivation, "--activate-in must not be negative.");
            }

            if (activateIn > MaxActivationDelay)
            {
                throw new AdminRefusal(AdminCodes.KeyActivation, $"--activate-in must be at most {MaxActivationDelay.TotalDays:0} days.");
            }

            var previous = await signingKeys.ListAsync(cancellationToken);
            var now = timeProvider.GetUtcNow();
            // A rotation keeps the algorithm of the newest key (RS256 or ES256, TokenService:SigningAlgorithm).
            var record = TokenSigningKeyMaterial.Create(dataProtection, now, now + activateIn, actor, previous.LastOrDefault()?.Algorithm ?? "RS256");
            await signingKeys.AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "keys.rotate", record.KeyId, $"activates={record.ActivatesAt:O}", cancellationToken);
            return new SigningKeyRotation(record, previous.LastOrDefault(k => k.ActivatesAt <= now));
        });
}
