using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Testing.Example.Tests;

public sealed class CodeFlowTests(MyApiFederation server) : IClassFixture<MyApiFederation>
{
    [Fact]
    public async Task Alice_GetsTokensThroughTheCodeFlow_AndCanRefresh()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com");

        var tokens = await server.SignInWithCodeFlowAsync(alice);

        Assert.True(tokens.Succeeded, tokens.Json + tokens.SignIn?.ErrorCode);
        var claims = TokenResult.ReadJwtPayload(tokens.AccessToken!);
        Assert.Equal("alice@contoso.com", claims["upn"].GetString());
        Assert.Equal(TokenServiceFixture.PublicClientId, claims["client_id"].GetString());
        Assert.NotNull(tokens.IdToken);

        var refreshed = await server.RefreshAsync(tokens.RefreshToken!);
        Assert.True(refreshed.Succeeded, refreshed.Json);
    }

    [Fact]
    public async Task Refresh_IsRefused_OnceBobsCertificateIsRevoked()
    {
        var bob = server.IssueUserCertificate("bob", upn: "bob@contoso.com");
        var tokens = await server.SignInWithCodeFlowAsync(bob);
        Assert.True(tokens.Succeeded, tokens.Json + tokens.SignIn?.ErrorCode);

        await server.RevokeAsync(bob);

        var refused = await server.RefreshAsync(tokens.RefreshToken!);
        Assert.False(refused.Succeeded);
        Assert.Equal("invalid_grant", refused.Error);
    }

    [Fact]
    public async Task Refresh_IsRefused_AfterTheUsersSessionsAreRevoked()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com");
        var tokens = await server.SignInWithCodeFlowAsync(alice);
        Assert.True(tokens.Succeeded, tokens.Json + tokens.SignIn?.ErrorCode);

        await server.RevokeSessionsAsync("alice@contoso.com");

        var refused = await server.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal("invalid_grant", refused.Error);
    }
}
