using System.Text.Json;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertAuth.Federation.Storage;

/// <summary>The one database of both roles. Provider-neutral: SQLite (embedded default) or PostgreSQL.</summary>
public sealed class CertAuthDbContext(DbContextOptions<CertAuthDbContext> options) : DbContext(options)
{
    public DbSet<RelyingPartyRecord> RelyingParties => Set<RelyingPartyRecord>();

    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<TrustedAuthorityRecord> TrustedAuthorities => Set<TrustedAuthorityRecord>();

    public DbSet<CrlStateRecord> CrlStates => Set<CrlStateRecord>();

    public DbSet<AuditEntryRecord> AuditLog => Set<AuditEntryRecord>();

    public DbSet<OAuthClientRecord> OAuthClients => Set<OAuthClientRecord>();

    public DbSet<FederationTrustRecord> FederationTrusts => Set<FederationTrustRecord>();

    public DbSet<TokenServiceUserRecord> TokenServiceUsers => Set<TokenServiceUserRecord>();

    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    public DbSet<AuthorizationCodeRecord> AuthorizationCodes => Set<AuthorizationCodeRecord>();

    public DbSet<PendingAuthorizationRecord> PendingAuthorizations => Set<PendingAuthorizationRecord>();

    public DbSet<AssertionReplayRecord> AssertionReplays => Set<AssertionReplayRecord>();

    public DbSet<CrlRefreshRequestRecord> CrlRefreshRequests => Set<CrlRefreshRequestRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date type: store instants as UTC ticks so that ordering and comparison work in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var stringList = new ValueConverter<List<string>, string>(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>());
        var stringListComparer = new ValueComparer<List<string>>(
            (a, b) => a!.SequenceEqual(b!),
            v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
            v => v.ToList());

        modelBuilder.Entity<RelyingPartyRecord>(e =>
        {
            e.ToTable("relying_parties");
            e.HasIndex(x => x.EntityId).IsUnique();
            e.Property(x => x.EntityId).HasMaxLength(1024);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.NameIdFormat).HasMaxLength(256);
            e.Property(x => x.Theme).HasMaxLength(64);
            e.Property(x => x.AssertionConsumerServiceUrls).HasConversion(stringList, stringListComparer);
            e.Property(x => x.ReleasedClaims).HasConversion(stringList, stringListComparer);
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
        modelBuilder.Entity<TrustedAuthorityRecord>(e =>
        {
            e.ToTable("trusted_authorities");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Thumbprint).IsUnique();
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Thumbprint).HasMaxLength(64);
            e.Property(x => x.Subject).HasMaxLength(1024);
            e.Property(x => x.CrlDistributionPoint).HasMaxLength(2048);
            e.Property(x => x.DeltaCrlDistributionPoint).HasMaxLength(2048);
            e.Property(x => x.TrustedIssuer).HasMaxLength(1024);
            e.Property(x => x.TrustedIssuerSki).HasMaxLength(128);
        });
        modelBuilder.Entity<CrlStateRecord>(e =>
        {
            e.ToTable("crl_state");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(128);
            e.Property(x => x.LastCrlNumber).HasMaxLength(128);
            e.Property(x => x.LastError).HasMaxLength(1024);
        });
        modelBuilder.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(x => x.Timestamp);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(1024);
            e.Property(x => x.Details).HasMaxLength(4096);
        });
        TokenServiceModel.Configure(modelBuilder, stringList, stringListComparer);
    }
}
