using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        ExpiresAt = record.ExpiresAt,
    };
}

/// <summary>Registers the token service's repositories over its store.</summary>
internal static class RepositoryServiceCollectionExtensions
{
    /// <summary>The four repositories of <c>Domain/Repositories.cs</c>, each over its token-service store.</summary>
    public static IServiceCollection AddTokenServiceRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton<ITokenServiceUserRepository, StoreTokenServiceUserRepository>();
        services.TryAddSingleton<IOAuthClientRepository, StoreOAuthClientRepository>();
        services.TryAddSingleton<IRefreshTokenRepository, StoreRefreshTokenRepository>();
        services.TryAddSingleton<IAuthorizationCodeRepository, StoreAuthorizationCodeRepository>();
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
internal sealed class StoreOAuthClientRepository(IOAuthClientStore store) : IOAuthClientRepository
{
    public async Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken = default) =>
        (await store.FindAsync(clientId, cancellationToken))?.ToDomain();
}

/// <summary><see cref="IRefreshTokenRepository"/> over <see cref="IRefreshTokenStore"/>.</summary>
internal sealed class StoreRefreshTokenRepository(IRefreshTokenStore store) : IRefreshTokenRepository
{
    public Task AddAsync(RefreshToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return store.AddAsync(token.ToRecord(), cancellationToken);
    }

    public async Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await store.FindByHashAsync(tokenHash, cancellationToken))?.ToDomain();

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
}

/// <summary><see cref="IAuthorizationCodeRepository"/> over <see cref="IAuthorizationCodeStore"/>.</summary>
internal sealed class StoreAuthorizationCodeRepository(IAuthorizationCodeStore store) : IAuthorizationCodeRepository
{
    public async Task<AuthorizationCode?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        (await store.FindByHashAsync(codeHash, cancellationToken))?.ToDomain();

    public Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.TryRedeemAsync(id, now, cancellationToken);
}
