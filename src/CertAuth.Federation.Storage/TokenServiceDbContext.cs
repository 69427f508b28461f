using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// The token service's store: its own users, OAuth clients, federation trusts, pending authorizations, codes, refresh
/// tokens, assertion replay, and — in <c>ts_</c> tables — its own trusted-CA list (for the refresh-time revocation
/// check), CRL state, CRL refresh requests and audit. The federation server never opens it.
/// </summary>
public sealed class TokenServiceDbContext(DbContextOptions<TokenServiceDbContext> options) : RoleDbContext(options)
{
    public override StoreRole Role => StoreRole.TokenService;

    public DbSet<OAuthClientRecord> OAuthClients => Set<OAuthClientRecord>();

    public DbSet<FederationTrustRecord> FederationTrusts => Set<FederationTrustRecord>();

    public DbSet<TokenServiceUserRecord> TokenServiceUsers => Set<TokenServiceUserRecord>();

    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    public DbSet<AuthorizationCodeRecord> AuthorizationCodes => Set<AuthorizationCodeRecord>();

    public DbSet<PendingAuthorizationRecord> PendingAuthorizations => Set<PendingAuthorizationRecord>();

    public DbSet<AssertionReplayRecord> AssertionReplays => Set<AssertionReplayRecord>();

    /// <summary>JWT signing keys shared by every node (issue 13).</summary>
    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    /// <summary>Kept apart from the federation server's <c>trusted_authorities</c>, <c>crl_state</c>, … when both share one database.</summary>
    protected override string CertificateAuthorityTablePrefix => "ts_";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var stringList = StringList;
        var stringListComparer = StringListComparer;
        modelBuilder.Entity<OAuthClientRecord>(e =>
        {
            e.ToTable("oauth_clients");
            e.HasIndex(x => x.ClientId).IsUnique();
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.SecretHash).HasMaxLength(256);
            e.Property(x => x.RedirectUris).HasConversion(stringList, stringListComparer);
            e.Property(x => x.PostLogoutRedirectUris).HasConversion(stringList, stringListComparer);
            e.Property(x => x.AllowedScopes).HasConversion(stringList, stringListComparer);
            e.Property(x => x.AllowedGrantTypes).HasConversion(stringList, stringListComparer);
        });
        modelBuilder.Entity<FederationTrustRecord>(e =>
        {
            e.Property(x => x.MetadataUrl).HasMaxLength(2048);
            e.ToTable("federation_trusts");
            e.HasIndex(x => x.EntityId).IsUnique();
            e.Property(x => x.EntityId).HasMaxLength(1024);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.SingleSignOnUrl).HasMaxLength(2048);
            e.Property(x => x.MetadataSource).HasMaxLength(2048);
            e.Property(x => x.Protocol).HasMaxLength(32).HasDefaultValue(FederationProtocols.Saml2);
            e.Property(x => x.SigningCertificates).HasConversion(stringList, stringListComparer);
        });
        modelBuilder.Entity<RefreshTokenRecord>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.FamilyId);
            e.HasIndex(x => x.AuthorizationCodeHash);
            e.HasIndex(x => x.Upn);
            e.HasIndex(x => new { x.FederationIssuer, x.FederationNameId }); // SAML single logout (Cleanup_LogoutIndexes)
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.FamilyId).HasMaxLength(64);
            e.Property(x => x.AuthorizationCodeHash).HasMaxLength(64);
            e.Property(x => x.Upn).HasMaxLength(256);
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.Scopes).HasMaxLength(1024);
            e.Property(x => x.RevocationReason).HasMaxLength(256);
            e.Property(x => x.FederationIssuer).HasMaxLength(1024);
            e.Property(x => x.FederationNameId).HasMaxLength(1024);
            e.Property(x => x.FederationNameIdFormat).HasMaxLength(256);
            e.Property(x => x.FederationSessionIndex).HasMaxLength(256);
            e.Property(x => x.CertificateSerialNumber).HasMaxLength(128);
            e.Property(x => x.CertificateIssuer).HasMaxLength(1024);
            e.Property(x => x.CertificateAuthorityKeyId).HasMaxLength(128);
            e.HasIndex(x => x.TokenServiceUserId);
        });
        modelBuilder.Entity<AuthorizationCodeRecord>(e =>
        {
            e.ToTable("authorization_codes");
            e.HasIndex(x => x.CodeHash).IsUnique();
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.RedirectUri).HasMaxLength(2048);
            e.Property(x => x.CodeChallenge).HasMaxLength(128);
            e.Property(x => x.CodeChallengeMethod).HasMaxLength(16);
            e.Property(x => x.Scopes).HasMaxLength(1024);
            e.Property(x => x.Nonce).HasMaxLength(512);
            e.Property(x => x.Upn).HasMaxLength(256);
            e.Property(x => x.FederationIssuer).HasMaxLength(1024);
            e.Property(x => x.FederationNameId).HasMaxLength(1024);
            e.Property(x => x.FederationNameIdFormat).HasMaxLength(256);
            e.Property(x => x.FederationSessionIndex).HasMaxLength(256);
            e.Property(x => x.CertificateSerialNumber).HasMaxLength(128);
            e.Property(x => x.CertificateIssuer).HasMaxLength(1024);
            e.Property(x => x.CertificateAuthorityKeyId).HasMaxLength(128);
        });
        modelBuilder.Entity<TokenServiceUserRecord>(e =>
        {
            // The token service's own users (issue 11): never the federation server's directory ("users").
            e.ToTable("ts_users");
            e.HasIndex(x => new { x.FederationIssuer, x.Subject }).IsUnique();
            e.HasIndex(x => x.ObjectId).IsUnique();
            e.HasIndex(x => x.Upn);
            e.Property(x => x.FederationIssuer).HasMaxLength(1024);
            e.Property(x => x.Subject).HasMaxLength(256);
            e.Property(x => x.ObjectId).HasMaxLength(64);
            e.Property(x => x.Upn).HasMaxLength(256);
            e.Property(x => x.Email).HasMaxLength(256);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.ImmutableId).HasMaxLength(256);
        });
        modelBuilder.Entity<PendingAuthorizationRecord>(e =>
        {
            e.ToTable("pending_authorizations");
            e.HasKey(x => x.RequestId);
            e.HasIndex(x => x.BrowserBindingHash).IsUnique();
            e.Property(x => x.RequestId).HasMaxLength(128);
            e.Property(x => x.BrowserBindingHash).HasMaxLength(64);
            e.Property(x => x.FederationEntityId).HasMaxLength(1024);
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.RedirectUri).HasMaxLength(2048);
            e.Property(x => x.State).HasMaxLength(1024);
            e.Property(x => x.Nonce).HasMaxLength(512);
            e.Property(x => x.CodeChallenge).HasMaxLength(128);
            e.Property(x => x.CodeChallengeMethod).HasMaxLength(16);
            e.Property(x => x.Scopes).HasMaxLength(1024);
        });
        modelBuilder.Entity<AssertionReplayRecord>(e =>
        {
            e.ToTable("saml_assertion_replay");
            e.HasKey(x => x.AssertionId);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.AssertionId).HasMaxLength(256);
        });
        modelBuilder.Entity<SigningKeyRecord>(e =>
        {
            e.ToTable("ts_signing_keys");
            e.HasKey(x => x.KeyId);
            e.HasIndex(x => x.ActivatesAt);
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.Algorithm).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
        });
    }
}
