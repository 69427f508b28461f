namespace CertAuth.Federation.Storage.Entities;

/// <summary>One administrative change: who did what to which object, and when.</summary>
public sealed class AuditEntryRecord
{
    public long Id { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The operating-system user or service that made the change.</summary>
    public required string Actor { get; set; }

    /// <summary>A stable action name such as <c>rp.add</c> or <c>user.revoke-sessions</c>.</summary>
    public required string Action { get; set; }

    public required string Target { get; set; }

    /// <summary>Non-secret details (never tokens or keys).</summary>
    public string? Details { get; set; }
}
