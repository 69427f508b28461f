using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>The administrative audit trail: who changed what, when. Separate from diagnostic logs.</summary>
public interface IAuditLog
{
    Task WriteAsync(string actor, string action, string target, string? details = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntryRecord>> ListAsync(int take = 100, CancellationToken cancellationToken = default);
}
