using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// The federation server's store: directory users, relying-party trusts, its trusted CAs, CRL state and refresh
/// requests, audit. The token service never opens it.
/// </summary>
public sealed class FederationDbContext(DbContextOptions<FederationDbContext> options) : RoleDbContext(options)
{
    public override StoreRole Role => StoreRole.Federation;

    public DbSet<RelyingPartyRecord> RelyingParties => Set<RelyingPartyRecord>();

    public DbSet<UserRecord> Users => Set<UserRecord>();

    /// <summary>The token-signing certificates (issue 13 item 2: rollover, shared by every node).</summary>
    public DbSet<TokenSigningCertificateRecord> TokenSigningCertificates => Set<TokenSigningCertificateRecord>();

    /// <summary>Accepted AuthnRequest and LogoutRequest IDs, shared by every node (issue 13: request-ID replay).</summary>
    public DbSet<RequestIdReplayRecord> RequestIdReplays => Set<RequestIdReplayRecord>();

    /// <summary>Shared settings every node reads the same, e.g. the active theme (<c>fs_settings</c>).</summary>
    public DbSet<FederationSettingRecord> Settings => Set<FederationSettingRecord>();

    /// <summary>The table names of the first release, which every existing database has.</summary>
    protected override string CertificateAuthorityTablePrefix => string.Empty;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<RelyingPartyRecord>(e =>
        {
            e.ToTable("relying_parties");
            e.HasIndex(x => x.EntityId).IsUnique();
            e.Property(x => x.EntityId).HasMaxLength(1024);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.NameIdFormat).HasMaxLength(256);
            e.Property(x => x.Theme).HasMaxLength(64);
            e.Property(x => x.Protocol).HasMaxLength(32).HasDefaultValue(FederationProtocols.Saml2);
            e.Property(x => x.TokenType).HasMaxLength(32).HasDefaultValue(FederationProtocols.Saml11Token);
            e.Property(x => x.SingleLogoutServiceUrl).HasMaxLength(2048);
            e.Property(x => x.SingleLogoutServiceBinding).HasMaxLength(128);
            e.Property(x => x.AssertionConsumerServiceUrls).HasConversion(StringList, StringListComparer);
            e.Property(x => x.ReleasedClaims).HasConversion(StringList, StringListComparer);
        });
        modelBuilder.Entity<UserRecord>(e =>
        {
            e.ToTable("users");
            e.HasIndex(x => x.Upn).IsUnique();
            e.HasIndex(x => x.Email);
            e.HasIndex(x => x.ImmutableId).IsUnique();
            e.Property(x => x.Upn).HasMaxLength(256);
            e.Property(x => x.Email).HasMaxLength(256);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.ImmutableId).HasMaxLength(64);
        });
        modelBuilder.Entity<TokenSigningCertificateRecord>(e =>
        {
            e.ToTable("fs_token_signing_certificates");
            e.HasKey(x => x.Thumbprint);
            e.HasIndex(x => x.Succeeds).IsUnique();
            e.Property(x => x.Thumbprint).HasMaxLength(64);
            e.Property(x => x.Succeeds).HasMaxLength(64);
            e.Property(x => x.Subject).HasMaxLength(1024);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<RequestIdReplayRecord>(e =>
        {
            e.ToTable("fs_request_id_replay");
            e.HasKey(x => x.KeyHash);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.KeyHash).HasMaxLength(64);
        });
        modelBuilder.Entity<FederationSettingRecord>(e =>
        {
            e.ToTable("fs_settings");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Value).HasMaxLength(256);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
        });
    }
}
