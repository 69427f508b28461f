using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>keys rotate</c> verb: adds a token-service JWT signing key to <c>ts_signing_keys</c>, protected by the token
/// service's data protection (its database key ring and <c>TokenService:DataProtection:Certificate</c>, as every node
/// has). Nodes pick it up within <c>TokenService:SigningKeys:RefreshInterval</c>; see StoredTokenSigningKeys.
/// </summary>
internal sealed class KeysHandler(
    SigningKeyManager manager,
    TimeProvider clock,
    CliConsole console,
    CliInvocation invocation)
{
    public async Task<int> RotateAsync(TimeSpan? activateIn, CancellationToken cancellationToken)
    {
        var configuration = invocation.Settings.Configuration;
        var delay = activateIn ?? 2 * configuration.GetValue("TokenService:SigningKeys:RefreshInterval", TimeSpan.FromMinutes(1));

        // The token service's own data protection, exactly as its nodes configure it (same application name, key ring, certificate).
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddTokenServiceStorage(configuration, invocation.Settings.ConfigDirectory);
        services.AddRoleDataProtection<TokenServiceDbContext>(
            configuration.GetSection("TokenService:DataProtection"), invocation.Settings.ConfigDirectory, StoreRole.TokenService);
        await using var provider = services.BuildServiceProvider();
        var dataProtection = provider.GetRequiredService<IDataProtectionProvider>();

        var rotation = (await manager.RotateAsync(dataProtection, delay, invocation.Actor, cancellationToken)).Unwrap();
        var record = rotation.Added;
        console.Line($"tokenservice: signing key {record.KeyId} published now, signs from {record.ActivatesAt:O}.");
        if (rotation.Current is { } current)
        {
            console.Line($"tokenservice: key {current.KeyId} signs until then and stays published until its tokens have expired.");
        }

        return CliApplication.Ok;
    }
}
