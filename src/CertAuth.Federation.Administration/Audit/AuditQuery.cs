using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Administration.Audit;

/// <summary>Reads the audit trails of the roles administered here, newest first.</summary>
public sealed class AuditQuery(IAdminRoleStores stores)
{
    /// <summary>Largest number of entries one query returns.</summary>
    public const int MaxTake = 10_000;

    /// <summary>The newest <paramref name="take"/> entries across the roles' trails.</summary>
    public Task<AdminResult<IReadOnlyList<AuditEntryRecord>>> ListAsync(int take, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync<IReadOnlyList<AuditEntryRecord>>(async _ =>
        {
            if (take is < 1 or > MaxTake)
            {
                throw new AdminRefusal(AdminCodes.AuditTake, $"--take must be between 1 and {MaxTake}.");
            }

            var entries = new List<AuditEntryRecord>();
            foreach (var role in stores.Roles)
            {
                entries.AddRange(await stores.Audit(role).ListAsync(take, cancellationToken));
            }

            return [.. entries.OrderByDescending(e => e.Timestamp).Take(take)];
        });
}
