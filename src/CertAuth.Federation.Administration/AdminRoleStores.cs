using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Administration;

/// <summary>
/// The stores both roles have (trusted CAs, CRL state, CRL refresh requests, audit), for the roles this process
/// administers: both in the CLI, one in a running role's admin API.
/// </summary>
public interface IAdminRoleStores
{
    /// <summary>The roles whose stores are reachable here.</summary>
    IReadOnlyList<StoreRole> Roles { get; }

    /// <summary>The role's trusted-CA list.</summary>
    ITrustedAuthorityStore Authorities(StoreRole role);

    /// <summary>The role's CRL state.</summary>
    ICrlStateRepository CrlStates(StoreRole role);

    /// <summary>The role's CRL refresh requests.</summary>
    ICrlRefreshRequestStore CrlRefreshRequests(StoreRole role);

    /// <summary>The role's audit trail.</summary>
    IAuditLog Audit(StoreRole role);
}

/// <summary>Both roles' stores, registered keyed by <see cref="StoreRole"/> (<c>AddAdministrationStorage</c>).</summary>
internal sealed class KeyedAdminRoleStores(IServiceProvider services) : IAdminRoleStores
{
    public IReadOnlyList<StoreRole> Roles { get; } = [StoreRole.Federation, StoreRole.TokenService];

    public ITrustedAuthorityStore Authorities(StoreRole role) => services.GetRequiredKeyedService<ITrustedAuthorityStore>(role);

    public ICrlStateRepository CrlStates(StoreRole role) => services.GetRequiredKeyedService<ICrlStateRepository>(role);

    public ICrlRefreshRequestStore CrlRefreshRequests(StoreRole role) => services.GetRequiredKeyedService<ICrlRefreshRequestStore>(role);

    public IAuditLog Audit(StoreRole role) => services.GetRequiredKeyedService<IAuditLog>(role);
}

/// <summary>One role's stores, registered unkeyed (<c>AddFederationStorage</c> or <c>AddTokenServiceStorage</c>).</summary>
internal sealed class SingleRoleAdminStores(
    StoreRole role, ITrustedAuthorityStore authorities, ICrlStateRepository crlStates, ICrlRefreshRequestStore requests, IAuditLog audit) : IAdminRoleStores
{
    public IReadOnlyList<StoreRole> Roles { get; } = [role];

    public ITrustedAuthorityStore Authorities(StoreRole role1) => Check(role1, authorities);

    public ICrlStateRepository CrlStates(StoreRole role1) => Check(role1, crlStates);

    public ICrlRefreshRequestStore CrlRefreshRequests(StoreRole role1) => Check(role1, requests);

    public IAuditLog Audit(StoreRole role1) => Check(role1, audit);

    private T Check<T>(StoreRole asked, T store) =>
        asked == role ? store : throw new AdminRefusal(AdminCodes.Role, $"this process serves the {AdminRoles.Name(role)} role only.");
}

/// <summary>Role names as the front ends spell them: <c>federation</c>, <c>tokenservice</c>, <c>both</c>.</summary>
public static class AdminRoles
{
    /// <summary>The federation server.</summary>
    public const string Federation = "federation";

    /// <summary>The token service.</summary>
    public const string TokenService = "tokenservice";

    /// <summary>Both roles.</summary>
    public const string Both = "both";

    /// <summary>The name of <paramref name="role"/>.</summary>
    public static string Name(StoreRole role) => role == StoreRole.Federation ? Federation : TokenService;

    /// <summary>The names of <paramref name="roles"/>, comma-separated.</summary>
    public static string Names(IEnumerable<StoreRole> roles) => string.Join(",", roles.Select(Name));
}
