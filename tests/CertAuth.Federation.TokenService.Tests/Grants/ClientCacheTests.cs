using System.Net;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Tests.Grants;

/// <summary>
/// The OAuth-client cache of the token service (issue 16, <see cref="TokenServiceOptions.ClientCacheLifetime"/>): a
/// client disabled through this service's store is refused by the very next token request; one disabled behind its back
/// (the CLI, another farm node) within the lifetime, never later; a disabled client is never served from the cache.
/// </summary>
public sealed class ClientCacheTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DisabledThroughTheStore_IsRefusedAtOnce_AndAnOutOfProcessDisableWithinTheLifetime()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var token = (await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!;
        var refreshed = await _host.RefreshAsync(token);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        token = refreshed.Body.GetProperty("refresh_token").GetString()!;

        // In process (what the admin API does): the next request is refused, and nothing was redeemed by it.
        var store = _host.Services.GetRequiredService<IOAuthClientStore>();
        await SetEnabledAsync(store, false);
        var refused = await _host.RefreshAsync(token);
        Assert.NotEqual(HttpStatusCode.OK, refused.Status);
        OAuthFlow.AssertError(refused, "invalid_client", "CAT700016");
        await SetEnabledAsync(store, true);
        refreshed = await _host.RefreshAsync(token);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        token = refreshed.Body.GetProperty("refresh_token").GetString()!;

        // Out of process (no in-process signal): refused once the lifetime is over.
        var lifetime = _host.Services.GetRequiredService<IOptions<TokenServiceOptions>>().Value.ClientCacheLifetime;
        Assert.True(lifetime > TimeSpan.Zero);
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<TokenServiceDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.OAuthClients.Where(c => c.ClientId == TokenServiceHost.PublicClientId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false)));
        }

        _host.Clock.Advance(lifetime);
        OAuthFlow.AssertError(await _host.RefreshAsync(token), "invalid_client", "CAT700016");
    }

    private static async Task SetEnabledAsync(IOAuthClientStore store, bool enabled)
    {
        var record = await store.FindAsync(TokenServiceHost.PublicClientId) ?? throw new InvalidOperationException("The test client is missing.");
        record.Enabled = enabled;
        Assert.True(await store.UpdateAsync(record));
    }
}
