using System.Text.Json;
using CertAuth.Federation.Storage.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertAuth.Federation.Storage;

/// <summary>
/// What both roles' stores have in common — a trusted-CA list, CRL state, CRL refresh requests and an audit trail — each
/// role in its own tables (<see cref="CertificateAuthorityTablePrefix"/>). Provider-neutral: SQLite (embedded default)
/// or PostgreSQL.
/// </summary>
public abstract class RoleDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The role this store belongs to.</summary>
    public abstract StoreRole Role { get; }

    public DbSet<TrustedAuthorityRecord> TrustedAuthorities => Set<TrustedAuthorityRecord>();

    public DbSet<CrlStateRecord> CrlStates => Set<CrlStateRecord>();

    public DbSet<AuditEntryRecord> AuditLog => Set<AuditEntryRecord>();

    public DbSet<CrlRefreshRequestRecord> CrlRefreshRequests => Set<CrlRefreshRequestRecord>();

    /// <summary>
    /// The role's ASP.NET Core data-protection key ring (issue 13), shared by every node of the role; each key's XML is
    /// encrypted with the configured certificate (see <see cref="DataProtection.RoleDataProtection"/>).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Prefix of this role's trusted-CA, CRL-state, refresh-request and audit tables ("" or "ts_").</summary>
    protected abstract string CertificateAuthorityTablePrefix { get; }

    /// <summary>Stores a list of strings as one JSON column.</summary>
    internal static readonly ValueConverter<List<string>, string> StringList = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
        v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>());

    internal static readonly ValueComparer<List<string>> StringListComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

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
        var prefix = CertificateAuthorityTablePrefix;
        modelBuilder.Entity<TrustedAuthorityRecord>(e =>
        {
            e.ToTable(prefix + "trusted_authorities");
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
            e.ToTable(prefix + "crl_state");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(128);
            e.Property(x => x.LastCrlNumber).HasMaxLength(128);
            e.Property(x => x.LastError).HasMaxLength(1024);
        });
        modelBuilder.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable(prefix + "audit_log");
            e.HasIndex(x => x.Timestamp);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(1024);
            e.Property(x => x.Details).HasMaxLength(4096);
        });
        modelBuilder.Entity<CrlRefreshRequestRecord>(e =>
        {
            e.ToTable(prefix + "crl_refresh_requests");
            e.HasKey(x => x.AuthorityId);
            e.Property(x => x.AuthorityId).HasMaxLength(64);
            e.Property(x => x.RequestedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable(prefix + "data_protection_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.FriendlyName).HasMaxLength(256);
        });
    }
}
