using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Hosting;

/// <summary>
/// The stores both roles have, one per role (issue 12: each role keeps its own trusted-CA list, CRL state, CRL refresh
/// requests and audit trail). <c>certauth ca … --role</c> picks which.
/// </summary>
internal sealed class RoleStores(
    [FromKeyedServices(StoreRole.Federation)] ITrustedAuthorityStore federationAuthorities,
    [FromKeyedServices(StoreRole.TokenService)] ITrustedAuthorityStore tokenServiceAuthorities,
    [FromKeyedServices(StoreRole.Federation)] ICrlStateRepository federationCrlStates,
    [FromKeyedServices(StoreRole.TokenService)] ICrlStateRepository tokenServiceCrlStates,
    [FromKeyedServices(StoreRole.Federation)] ICrlRefreshRequestStore federationRequests,
    [FromKeyedServices(StoreRole.TokenService)] ICrlRefreshRequestStore tokenServiceRequests,
    [FromKeyedServices(StoreRole.Federation)] IAuditLog federationAudit,
    [FromKeyedServices(StoreRole.TokenService)] IAuditLog tokenServiceAudit)
{
    public ITrustedAuthorityStore Authorities(StoreRole role) => role == StoreRole.Federation ? federationAuthorities : tokenServiceAuthorities;

    public ICrlStateRepository CrlStates(StoreRole role) => role == StoreRole.Federation ? federationCrlStates : tokenServiceCrlStates;

    public ICrlRefreshRequestStore CrlRefreshRequests(StoreRole role) => role == StoreRole.Federation ? federationRequests : tokenServiceRequests;

    public IAuditLog Audit(StoreRole role) => role == StoreRole.Federation ? federationAudit : tokenServiceAudit;
}

/// <summary>The <c>--role federation|tokenservice|both</c> option's values.</summary>
internal static class RoleNames
{
    public const string Federation = "federation";
    public const string TokenService = "tokenservice";
    public const string Both = "both";

    public static IReadOnlyList<StoreRole> Parse(string? value) => value switch
    {
        null or Both => [StoreRole.Federation, StoreRole.TokenService],
        Federation => [StoreRole.Federation],
        TokenService => [StoreRole.TokenService],
        _ => throw new CliRefusedException($"--role must be {Federation}, {TokenService} or {Both}."),
    };

    public static string Name(StoreRole role) => role == StoreRole.Federation ? Federation : TokenService;
}
