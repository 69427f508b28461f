namespace CertAuth.Federation.Cli.Output;

/// <summary>JSON shape of one audit entry in <c>audit list --json</c>.</summary>
internal sealed record AuditEntryView(long Id, DateTimeOffset Timestamp, string Actor, string Action, string Target, string? Details);
