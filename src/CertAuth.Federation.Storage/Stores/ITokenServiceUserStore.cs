using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// The token service's own users (<c>ts_users</c>), keyed by (federation trust, subject). Never reads or writes the
/// federation server's directory (<see cref="IUserStore"/>). UPN look-ups are case-insensitive and may match several
/// users (one per trust).
/// </summary>
public interface ITokenServiceUserStore
{
    Task<TokenServiceUserRecord?> FindAsync(int id, CancellationToken cancellationToken = default);

    Task<TokenServiceUserRecord?> FindBySubjectAsync(string federationIssuer, string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the user of (<paramref name="sample"/>.FederationIssuer, <paramref name="sample"/>.Subject), adding it
    /// from <paramref name="sample"/> on first sign-in, or bringing its UPN, e-mail, display name and immutable id up to
    /// date. <c>Created</c> tells whether it was added.
    /// </summary>
    Task<(TokenServiceUserRecord User, bool Created)> ProvisionAsync(TokenServiceUserRecord sample, CancellationToken cancellationToken = default);

    /// <summary>Every user with this UPN (all trusts, or only <paramref name="federationIssuer"/>), by trust.</summary>
    Task<IReadOnlyList<TokenServiceUserRecord>> ListByUpnAsync(string upn, string? federationIssuer = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TokenServiceUserRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets StsRefreshTokensValidFrom to <paramref name="now"/> on every user with this UPN (optionally of one trust); returns how many.</summary>
    Task<int> RevokeSessionsAsync(string upn, string? federationIssuer, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Enables or disables every user with this UPN (optionally of one trust); returns how many.</summary>
    Task<int> SetEnabledAsync(string upn, string? federationIssuer, bool enabled, CancellationToken cancellationToken = default);
}
