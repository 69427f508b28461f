using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertAuth.Federation.Storage;

/// <summary>The token service's tables: clients, federation trusts, its own users, codes, refresh tokens, pending requests, replay, CRL refresh requests.</summary>
internal static class TokenServiceModel
{
    public static void Configure(ModelBuilder modelBuilder, ValueConverter<List<string>, string> stringList, ValueComparer<List<string>> stringListComparer)
    {
        modelBuilder.Entity<OAuthClientRecord>(e =>
        {
            e.ToTable("oauth_clients");
            e.HasIndex(x => x.ClientId).IsUnique();
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.SecretHash).HasMaxLength(256);
            e.Property(x => x.RedirectUris).HasConversion(stringList, stringListComparer);
            e.Property(x => x.AllowedScopes).HasConversion(stringList, stringListComparer);
            e.Property(x => x.AllowedGrantTypes).HasConversion(stringList, stringListComparer);
        });
        modelBuilder.Entity<FederationTrustRecord>(e =>
        {
            e.ToTable("federation_trusts");
            e.HasIndex(x => x.EntityId).IsUnique();
            e.Property(x => x.EntityId).HasMaxLength(1024);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.SingleSignOnUrl).HasMaxLength(2048);
            e.Property(x => x.MetadataSource).HasMaxLength(2048);
            e.Property(x => x.SigningCertificates).HasConversion(stringList, stringListComparer);
        });
        modelBuilder.Entity<RefreshTokenRecord>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.FamilyId);
            e.HasIndex(x => x.AuthorizationCodeHash);
            e.HasIndex(x => x.Upn);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.FamilyId).HasMaxLength(64);
            e.Property(x => x.AuthorizationCodeHash).HasMaxLength(64);
            e.Property(x => x.Upn).HasMaxLength(256);
            e.Property(x => x.ClientId).HasMaxLength(128);
            e.Property(x => x.Scopes).HasMaxLength(1024);
            e.Property(x => x.RevocationReason).HasMaxLength(256);
            e.Property(x => x.FederationIssuer).HasMaxLength(1024);
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
        modelBuilder.Entity<CrlRefreshRequestRecord>(e =>
        {
            e.ToTable("crl_refresh_requests");
            e.HasKey(x => x.AuthorityId);
            e.Property(x => x.AuthorityId).HasMaxLength(64);
            e.Property(x => x.RequestedBy).HasMaxLength(256);
        });
    }
}
