using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>The federation server's token-signing certificates (issue 13 item 2, <c>fs_token_signing_certificates</c>).</summary>
public interface ITokenSigningCertificateStore
{
    /// <summary>Every stored certificate.</summary>
    Task<IReadOnlyList<TokenSigningCertificateRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="record"/>; throws <see cref="StoreConflictException"/> when the certificate, or a successor of the same primary, is already stored.</summary>
    Task AddAsync(TokenSigningCertificateRecord record, CancellationToken cancellationToken = default);

    /// <summary>Sets the promotion time of a certificate that has none or a later one; false when there is no such certificate.</summary>
    Task<bool> SetPromotionAsync(string thumbprint, DateTimeOffset promotesAt, CancellationToken cancellationToken = default);
}
