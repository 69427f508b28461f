using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of refresh tokens (hashes only) with atomic rotation and family revocation.</summary>
public interface IRefreshTokenStore
{
    Task AddAsync(RefreshTokenRecord record, CancellationToken cancellationToken = default);

    Task<RefreshTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// The token with this hash and, in the same query, the token-service user it names (null when it names none or
    /// the user is gone): a refresh redemption's two reads in one round trip. Nothing is cached.
    /// </summary>
    Task<(RefreshTokenRecord? Token, TokenServiceUserRecord? User)> FindByHashWithUserAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically marks <paramref name="parentId"/> used (only if it is neither used nor revoked) and stores
    /// <paramref name="child"/>, in one transaction. False, with nothing stored, when another redemption won the race.
    /// </summary>
    Task<bool> TryRotateAsync(long parentId, RefreshTokenRecord child, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes every not-yet-revoked token of a family; returns how many.</summary>
    Task<int> RevokeFamilyAsync(string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token that descends from an authorization code (code replay, RFC 6749 §4.1.2).</summary>
    Task<int> RevokeByAuthorizationCodeAsync(string codeHash, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token of a user (e.g. after <c>user revoke-sessions</c>, optional: the check by time applies anyway).</summary>
    Task<int> RevokeForUserAsync(string upn, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// SAML single logout from a federation server (the token service's SLO endpoint): revokes every not-yet-revoked
    /// token of each family issued from <paramref name="federationIssuer"/> whose assertion had the NameID
    /// <paramref name="nameId"/> and — when <paramref name="sessionIndexes"/> is not empty — one of those SessionIndex
    /// values (a family that kept no SessionIndex matches too: it cannot be told apart, so it ends). Returns the
    /// families touched and how many tokens were revoked.
    /// </summary>
    Task<(IReadOnlyList<string> FamilyIds, int Count)> RevokeFederationSessionAsync(
        string federationIssuer, string nameId, IReadOnlyCollection<string> sessionIndexes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sign-out cleanup of one browser (issue 14, cleanup): revokes every not-yet-revoked token of each family whose
    /// records carry one of <paramref name="authorizationCodeHashes"/> (the codes this browser's sign-ins issued, from
    /// its sealed session cookie; at most <see cref="MaxCodeHashesPerCleanup"/>). Looks up by the
    /// <c>AuthorizationCodeHash</c> index, then by family. Returns how many families and tokens were revoked.
    /// </summary>
    Task<(int Families, int Count)> RevokeByAuthorizationCodesAsync(
        IReadOnlyCollection<string> authorizationCodeHashes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The largest set <see cref="RevokeByAuthorizationCodesAsync"/> accepts (the cookie holds fewer).</summary>
    const int MaxCodeHashesPerCleanup = 64;

    /// <summary>The newest record of a family (the sign-in's current refresh token), or null; used by <c>/oauth2/userinfo</c>.</summary>
    Task<RefreshTokenRecord?> FindLatestInFamilyAsync(string familyId, CancellationToken cancellationToken = default);

    /// <summary>Deletes records whose absolute expiry passed before <paramref name="before"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
