namespace CertAuth.Federation.TokenService.Domain;

/// <summary>The token service's users (<see cref="TokenServiceUser"/>) as the grants need them.</summary>
public interface ITokenServiceUserRepository
{
    /// <summary>The user with store key <paramref name="id"/>, or null.</summary>
    Task<TokenServiceUser?> FindAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user of (<paramref name="sample"/>.FederationIssuer, <paramref name="sample"/>.Subject), added from the sample on
    /// first sign-in or brought up to date; <c>Created</c> tells whether it was added.
    /// </summary>
    Task<(TokenServiceUser User, bool Created)> ProvisionAsync(TokenServiceUser sample, CancellationToken cancellationToken = default);
}

/// <summary>The OAuth clients (<see cref="OAuthClient"/>) as the grants need them.</summary>
public interface IOAuthClientRepository
{
    /// <summary>The client with this client_id, or null.</summary>
    Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken = default);
}

/// <summary>Refresh-token families (<see cref="RefreshToken"/>): issue, atomic rotation, family revocation.</summary>
public interface IRefreshTokenRepository
{
    /// <summary>Stores the first token of a family.</summary>
    Task AddAsync(RefreshToken token, CancellationToken cancellationToken = default);

    /// <summary>The token with this hash, or null.</summary>
    Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>The token with this hash and the token-service user it names, read in one query (either may be null).</summary>
    Task<(RefreshToken? Token, TokenServiceUser? User)> FindByHashWithUserAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="parentId"/> used and stores <paramref name="child"/> atomically; false when another redemption won.</summary>
    Task<bool> TryRotateAsync(long parentId, RefreshToken child, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The newest token of a family (the sign-in's current refresh token), or null.</summary>
    Task<RefreshToken?> FindLatestInFamilyAsync(string familyId, CancellationToken cancellationToken = default);

    /// <summary>Revokes every not-yet-revoked token of a family; returns how many.</summary>
    Task<int> RevokeFamilyAsync(string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token that descends from an authorization code; returns how many.</summary>
    Task<int> RevokeByAuthorizationCodeAsync(string codeHash, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the families of one federation session (the trust's issuer and NameID, and when
    /// <paramref name="sessionIndexes"/> is not empty only those sessions); returns the families touched and the count.
    /// </summary>
    Task<(IReadOnlyList<string> FamilyIds, int Count)> RevokeFederationSessionAsync(
        string federationIssuer, string nameId, IReadOnlyCollection<string> sessionIndexes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The token with store key <paramref name="id"/>, or null (reads only; for the explainer).</summary>
    Task<RefreshToken?> FindByIdAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every token issued to the (lower-case) UPN, any state (reads only; for the explainer).</summary>
    Task<IReadOnlyList<RefreshToken>> ListByUpnAsync(string upn, CancellationToken cancellationToken = default);
}

/// <summary>Authorization codes (<see cref="AuthorizationCode"/>) as the authorization-code grant needs them.</summary>
public interface IAuthorizationCodeRepository
{
    /// <summary>The code with this hash, or null.</summary>
    Task<AuthorizationCode?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default);

    /// <summary>Stores a newly issued code (the ACS, after a validated sign-in).</summary>
    Task AddAsync(AuthorizationCode code, CancellationToken cancellationToken = default);

    /// <summary>Marks the code redeemed atomically; false when it already was (a replay).</summary>
    Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>The federation trusts (<see cref="FederationTrust"/>) as the authorize endpoint, the ACS and logout need them (reads only).</summary>
public interface IFederationTrustRepository
{
    /// <summary>The trust with this entity id (enabled or not), or null.</summary>
    Task<FederationTrust?> FindAsync(string entityId, CancellationToken cancellationToken = default);

    /// <summary>Every trust, enabled or not.</summary>
    Task<IReadOnlyList<FederationTrust>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Authorization requests waiting for the federation server (<see cref="PendingAuthorization"/>).</summary>
public interface IPendingAuthorizationRepository
{
    /// <summary>Stores a request sent to the federation server.</summary>
    Task AddAsync(PendingAuthorization request, CancellationToken cancellationToken = default);

    /// <summary>The unconsumed request bound to this browser (hash of its binding cookie), or null.</summary>
    Task<PendingAuthorization?> FindByBrowserBindingAsync(string browserBindingHash, CancellationToken cancellationToken = default);

    /// <summary>Marks the request consumed atomically; false when it already was.</summary>
    Task<bool> TryConsumeAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
