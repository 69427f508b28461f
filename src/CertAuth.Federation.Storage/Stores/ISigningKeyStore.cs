using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>The token service's JWT signing keys (issue 13): rows are added, never changed.</summary>
public interface ISigningKeyStore
{
    /// <summary>Every stored key, oldest activation first.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="record"/>.</summary>
    Task AddAsync(SigningKeyRecord record, CancellationToken cancellationToken = default);
}
