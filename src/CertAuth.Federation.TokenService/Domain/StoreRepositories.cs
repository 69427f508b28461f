using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Domain;

/// <summary>
/// The store boundary of the token service's domain types: each repository is implemented over the token-service
/// store (<c>src/CertAuth.Federation.Storage/Stores</c>, itself over <c>TokenServiceDbContext</c>), and EF records are
/// mapped to and from the immutable domain records here and nowhere else in the grants.
/// </summary>
internal static class StoreRepositories
{
    public static TokenServiceUser ToDomain(this TokenServiceUserRecord record) => new()
    {
        Id = record.Id,
        FederationIssuer = record.FederationIssuer,
        Subject = record.Subject,
        ObjectId = record.ObjectId,
        Upn = record.Upn,
        Email = record.Email,
        DisplayName = record.DisplayName,
        ImmutableId = record.ImmutableId,
        Enabled = record.Enabled,
        StsRefreshTokensValidFrom = record.StsRefreshTokensValidFrom,
    };

    public static TokenServiceUserRecord ToRecord(this TokenServiceUser user) => new()
    {
        Id = user.Id,
        FederationIssuer = user.FederationIssuer,
        Subject = user.Subject,
        ObjectId = user.ObjectId,
        Upn = user.Upn,
        Email = user.Email,
        DisplayName = user.DisplayName,
        ImmutableId = user.ImmutableId,
        Enabled = user.Enabled,
        StsRefreshTokensValidFrom = user.StsRefreshTokensValidFrom,
    };

    public static OAuthClient ToDomain(this OAuthClientRecord record) => new()
    {
        ClientId = record.ClientId,
        DisplayName = record.DisplayName,
        Enabled = record.Enabled,
        IsPublic = record.IsPublic,
        SecretHash = record.SecretHash,
        RedirectUris = [.. record.RedirectUris],
        PostLogoutRedirectUris = [.. record.PostLogoutRedirectUris],
        AllowedScopes = [.. record.AllowedScopes],
        AllowedGrantTypes = [.. record.AllowedGrantTypes],
    };

    public static RefreshToken ToDomain(this RefreshTokenRecord record) => new()
    {
        Id = record.Id,
        TokenHash = record.TokenHash,
        FamilyId = record.FamilyId,
        ParentId = record.ParentId,
        AuthorizationCodeHash = record.AuthorizationCodeHash,
        TokenServiceUserId = record.TokenServiceUserId,
        Upn = record.Upn,
        ClientId = record.ClientId,
        Scopes = record.Scopes,
        AuthTime = record.AuthTime,
        IssuedAt = record.IssuedAt,
        ExpiresAt = record.ExpiresAt,
        AbsoluteExpiresAt = record.AbsoluteExpiresAt,
        UsedAt = record.UsedAt,
        RevokedAt = record.RevokedAt,
        RevocationReason = record.RevocationReason,
        FederationIssuer = record.FederationIssuer,
        FederationNameId = record.FederationNameId,
        FederationNameIdFormat = record.FederationNameIdFormat,
        FederationSessionIndex = record.FederationSessionIndex,
        CertificateSerialNumber = record.CertificateSerialNumber,
        CertificateIssuer = record.CertificateIssuer,
        CertificateAuthorityKeyId = record.CertificateAuthorityKeyId,
    };

    public static RefreshTokenRecord ToRecord(this RefreshToken token) => new()
    {
        Id = token.Id,
        TokenHash = token.TokenHash,
        FamilyId = token.FamilyId,
        ParentId = token.ParentId,
        AuthorizationCodeHash = token.AuthorizationCodeHash,
        // The legacy column keeps the token-service user id too (see RefreshTokenRecord.UserId).
        UserId = token.TokenServiceUserId ?? 0,
        TokenServiceUserId = token.TokenServiceUserId,
        Upn = token.Upn,
        ClientId = token.ClientId,
        Scopes = token.Scopes,
        AuthTime = token.AuthTime,
        IssuedAt = token.IssuedAt,
        ExpiresAt = token.ExpiresAt,
        AbsoluteExpiresAt = token.AbsoluteExpiresAt,
        UsedAt = token.UsedAt,
        RevokedAt = token.RevokedAt,
        RevocationReason = token.RevocationReason,
        FederationIssuer = token.FederationIssuer,
        FederationNameId = token.FederationNameId,
        FederationNameIdFormat = token.FederationNameIdFormat,
        FederationSessionIndex = token.FederationSessionIndex,
        CertificateSerialNumber = token.CertificateSerialNumber,
        CertificateIssuer = token.CertificateIssuer,
        CertificateAuthorityKeyId = token.CertificateAuthorityKeyId,
    };

    public static AuthorizationCode ToDomain(this AuthorizationCodeRecord record) => new()
    {
        Id = record.Id,
        CodeHash = record.CodeHash,
        ClientId = record.ClientId,
        RedirectUri = record.RedirectUri,
        CodeChallenge = record.CodeChallenge,
        CodeChallengeMethod = record.CodeChallengeMethod,
        Scopes = record.Scopes,
        Nonce = record.Nonce,
        TokenServiceUserId = record.TokenServiceUserId,
        Upn = record.Upn,
        AuthTime = record.AuthTime,
        FederationIssuer = record.FederationIssuer,
        FederationNameId = record.FederationNameId,
        FederationNameIdFormat = record.FederationNameIdFormat,
        FederationSessionIndex = record.FederationSessionIndex,
        CertificateSerialNumber = record.CertificateSerialNumber,
        CertificateIssuer = record.CertificateIssuer,
        CertificateAuthorityKeyId = record.CertificateAuthorityKeyId,
        IssuedAt = record.IssuedAt,
        ExpiresAt = record.ExpiresAt,
    };

    public static AuthorizationCodeRecord ToRecord(this AuthorizationCode code) => new()
    {
        Id = code.Id,
        CodeHash = code.CodeHash,
        ClientId = code.ClientId,
        RedirectUri = code.RedirectUri,
        CodeChallenge = code.CodeChallenge,
        CodeChallengeMethod = code.CodeChallengeMethod,
        Scopes = code.Scopes,
        Nonce = code.Nonce,
        // The legacy column keeps the token-service user id too (as for refresh tokens).
        UserId = code.TokenServiceUserId ?? 0,
        TokenServiceUserId = code.TokenServiceUserId,
        Upn = code.Upn,
        AuthTime = code.AuthTime,
        FederationIssuer = code.FederationIssuer,
        FederationNameId = code.FederationNameId,
        FederationNameIdFormat = code.FederationNameIdFormat,
        FederationSessionIndex = code.FederationSessionIndex,
        CertificateSerialNumber = code.CertificateSerialNumber,
        CertificateIssuer = code.CertificateIssuer,
        CertificateAuthorityKeyId = code.CertificateAuthorityKeyId,
        IssuedAt = code.IssuedAt,
        ExpiresAt = code.ExpiresAt,
    };

    public static FederationTrust ToDomain(this FederationTrustRecord record) => new()
    {
        EntityId = record.EntityId,
        DisplayName = record.DisplayName,
        Enabled = record.Enabled,
        Protocol = record.Protocol,
        SingleSignOnUrl = record.SingleSignOnUrl,
        SigningCertificates = [.. record.SigningCertificates],
        AllowUnsolicited = record.AllowUnsolicited,
        MetadataUrl = record.MetadataUrl,
        MetadataRefreshedAt = record.MetadataRefreshedAt,
    };

    public static PendingAuthorization ToDomain(this PendingAuthorizationRecord record) => new()
    {
        RequestId = record.RequestId,
        BrowserBindingHash = record.BrowserBindingHash,
        FederationEntityId = record.FederationEntityId,
        ClientId = record.ClientId,
        RedirectUri = record.RedirectUri,
        State = record.State,
        Nonce = record.Nonce,
        CodeChallenge = record.CodeChallenge,
        CodeChallengeMethod = record.CodeChallengeMethod,
        Scopes = record.Scopes,
        CreatedAt = record.CreatedAt,
        ExpiresAt = record.ExpiresAt,
        ConsumedAt = record.ConsumedAt,
    };

    public static PendingAuthorizationRecord ToRecord(this PendingAuthorization request) => new()
    {
        RequestId = request.RequestId,
        BrowserBindingHash = request.BrowserBindingHash,
        FederationEntityId = request.FederationEntityId,
        ClientId = request.ClientId,
        RedirectUri = request.RedirectUri,
        State = request.State,
        Nonce = request.Nonce,
        CodeChallenge = request.CodeChallenge,
        CodeChallengeMethod = request.CodeChallengeMethod,
        Scopes = request.Scopes,
        CreatedAt = request.CreatedAt,
        ExpiresAt = request.ExpiresAt,
        ConsumedAt = request.ConsumedAt,
    };
}

/// <summary>Registers the token service's repositories over its store.</summary>
internal static class RepositoryServiceCollectionExtensions
{
    /// <summary>The repositories of <c>Domain/Repositories.cs</c>, each over its token-service store.</summary>
    public static IServiceCollection AddTokenServiceRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton<ITokenServiceUserRepository, StoreTokenServiceUserRepository>();
        services.TryAddSingleton<IOAuthClientRepository, StoreOAuthClientRepository>();
        services.TryAddSingleton<IRefreshTokenRepository, StoreRefreshTokenRepository>();
        services.TryAddSingleton<IAuthorizationCodeRepository, StoreAuthorizationCodeRepository>();
        services.TryAddSingleton<IFederationTrustRepository, StoreFederationTrustRepository>();
        services.TryAddSingleton<IPendingAuthorizationRepository, StorePendingAuthorizationRepository>();
        return services;
    }
}

/// <summary><see cref="ITokenServiceUserRepository"/> over <see cref="ITokenServiceUserStore"/>.</summary>
internal sealed class StoreTokenServiceUserRepository(ITokenServiceUserStore store) : ITokenServiceUserRepository
{
    public async Task<TokenServiceUser?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        (await store.FindAsync(id, cancellationToken))?.ToDomain();

    public async Task<(TokenServiceUser User, bool Created)> ProvisionAsync(TokenServiceUser sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var (user, created) = await store.ProvisionAsync(sample.ToRecord(), cancellationToken);
        return (user.ToDomain(), created);
    }
}

/// <summary><see cref="IOAuthClientRepository"/> over <see cref="IOAuthClientStore"/>.</summary>
/// <remarks>
/// Enabled clients are reused per client id while <see cref="OAuthClientChanges.Generation"/> is the one read before
/// their store query (a write through this process's store drops every entry) and for at most
/// <see cref="TokenServiceOptions.ClientCacheLifetime"/> (the bound for changes made by another process). Unknown and
/// disabled clients are read every time; at most <see cref="MaxEntries"/> are held (when full, everything is dropped).
/// The look-up was about 7 % of a refresh redemption's server CPU (issue 16's profile).
/// </remarks>
internal sealed class StoreOAuthClientRepository(
    IOAuthClientStore store, OAuthClientChanges changes, IOptionsMonitor<TokenServiceOptions> options, TimeProvider timeProvider)
    : IOAuthClientRepository
{
    internal const int MaxEntries = 10_000;
    private const int MaxClientIdLength = 512;
    private readonly StoreReadCache<OAuthClient> _cache = new(changes, timeProvider, MaxEntries);

    public Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(
            clientId,
            options.CurrentValue.ClientCacheLifetime,
            async ct => (await store.FindAsync(clientId, ct))?.ToDomain(),
            client => client.Enabled && clientId.Length <= MaxClientIdLength,
            cancellationToken);
}

/// <summary><see cref="IRefreshTokenRepository"/> over <see cref="IRefreshTokenStore"/>.</summary>
/// <remarks>The explainer's two reads (by id, by UPN) have no store method and query the token-service context here.</remarks>
internal sealed class StoreRefreshTokenRepository(IRefreshTokenStore store, IDbContextFactory<TokenServiceDbContext> database) : IRefreshTokenRepository
{
    public Task AddAsync(RefreshToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return store.AddAsync(token.ToRecord(), cancellationToken);
    }

    public async Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await store.FindByHashAsync(tokenHash, cancellationToken))?.ToDomain();

    public async Task<(RefreshToken? Token, TokenServiceUser? User)> FindByHashWithUserAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        var (token, user) = await store.FindByHashWithUserAsync(tokenHash, cancellationToken);
        return (token?.ToDomain(), user?.ToDomain());
    }

    public Task<bool> TryRotateAsync(long parentId, RefreshToken child, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        return store.TryRotateAsync(parentId, child.ToRecord(), now, cancellationToken);
    }

    public async Task<RefreshToken?> FindLatestInFamilyAsync(string familyId, CancellationToken cancellationToken = default) =>
        (await store.FindLatestInFamilyAsync(familyId, cancellationToken))?.ToDomain();

    public Task<int> RevokeFamilyAsync(string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.RevokeFamilyAsync(familyId, reason, now, cancellationToken);

    public Task<int> RevokeByAuthorizationCodeAsync(string codeHash, string reason, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.RevokeByAuthorizationCodeAsync(codeHash, reason, now, cancellationToken);

    public Task<(IReadOnlyList<string> FamilyIds, int Count)> RevokeFederationSessionAsync(
        string federationIssuer, string nameId, IReadOnlyCollection<string> sessionIndexes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.RevokeFederationSessionAsync(federationIssuer, nameId, sessionIndexes, reason, now, cancellationToken);

    public async Task<RefreshToken?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await database.CreateDbContextAsync(cancellationToken);
        return (await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken))?.ToDomain();
    }

    public async Task<IReadOnlyList<RefreshToken>> ListByUpnAsync(string upn, CancellationToken cancellationToken = default)
    {
        await using var db = await database.CreateDbContextAsync(cancellationToken);
        return (await db.RefreshTokens.AsNoTracking().Where(t => t.Upn == upn).ToListAsync(cancellationToken)).Select(t => t.ToDomain()).ToList();
    }
}

/// <summary><see cref="IAuthorizationCodeRepository"/> over <see cref="IAuthorizationCodeStore"/>.</summary>
internal sealed class StoreAuthorizationCodeRepository(IAuthorizationCodeStore store) : IAuthorizationCodeRepository
{
    public async Task<AuthorizationCode?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        (await store.FindByHashAsync(codeHash, cancellationToken))?.ToDomain();

    public Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.TryRedeemAsync(id, now, cancellationToken);

    public Task AddAsync(AuthorizationCode code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return store.AddAsync(code.ToRecord(), cancellationToken);
    }
}

/// <summary><see cref="IFederationTrustRepository"/> over <see cref="IFederationTrustStore"/>.</summary>
internal sealed class StoreFederationTrustRepository(IFederationTrustStore store) : IFederationTrustRepository
{
    public async Task<FederationTrust?> FindAsync(string entityId, CancellationToken cancellationToken = default) =>
        (await store.FindByEntityIdAsync(entityId, cancellationToken))?.ToDomain();

    public async Task<IReadOnlyList<FederationTrust>> ListAsync(CancellationToken cancellationToken = default) =>
        (await store.ListAsync(cancellationToken)).Select(t => t.ToDomain()).ToList();
}

/// <summary><see cref="IPendingAuthorizationRepository"/> over <see cref="IPendingAuthorizationStore"/>.</summary>
internal sealed class StorePendingAuthorizationRepository(IPendingAuthorizationStore store) : IPendingAuthorizationRepository
{
    public Task AddAsync(PendingAuthorization request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.AddAsync(request.ToRecord(), cancellationToken);
    }

    public async Task<PendingAuthorization?> FindByBrowserBindingAsync(string browserBindingHash, CancellationToken cancellationToken = default) =>
        (await store.FindByBrowserBindingAsync(browserBindingHash, cancellationToken))?.ToDomain();

    public Task<bool> TryConsumeAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.TryConsumeAsync(requestId, now, cancellationToken);
}
