using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// <see cref="LocalFederationTrustLink"/>: what the one-command run adds to the federation server's entry for the token
/// service, derived from the token service's settings (the repository's appsettings.json, with a changed port).
/// </summary>
public sealed class LocalFederationTrustLinkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("certauth-link-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IConfiguration Configuration(Dictionary<string, string?> overrides) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryRoot(), "appsettings.json"), optional: false)
        .AddInMemoryCollection(overrides)
        .Build();

    [Fact]
    public void DevelopmentConfiguration_RegistersTheLogoutCallbackAndTheRequestSigningCertificate_FollowingAChangedPort()
    {
        var configuration = Configuration(new()
        {
            ["TokenService:PublicUrl"] = "https://localhost:45601",
            ["TokenService:EntityId"] = "https://localhost:45601/",
            ["TokenService:DataPath"] = Path.Combine(_root, "data"),
            ["Federation:RelyingParties:0:EntityId"] = "https://localhost:45601/",
        });

        var derived = LocalFederationTrustLink.Derive(configuration, _root, new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Equal("https://localhost:45601/oauth2/logout/callback", derived["Federation:RelyingParties:0:SingleLogoutServiceUrl"]);
        Assert.Equal("Redirect", derived["Federation:RelyingParties:0:SingleLogoutServiceBinding"]);
        var certificatePath = derived["Federation:RelyingParties:0:RequestSigningCertificate"]!;
        using var published = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        Assert.False(published.HasPrivateKey);

        // The very key the token service signs its AuthnRequests and LogoutRequests with (generated once, then reused).
        var options = configuration.GetSection("TokenService").Get<TokenServiceOptions>()!;
        using var signing = KeyMaterialLoader.LoadRequestSigning(options, _root, TimeProvider.System);
        Assert.Equal(signing.Thumbprint, published.Thumbprint);
        var again = LocalFederationTrustLink.Derive(configuration, _root, TimeProvider.System);
        using var republished = X509CertificateLoader.LoadCertificateFromFile(again["Federation:RelyingParties:0:RequestSigningCertificate"]!);
        Assert.Equal(published.Thumbprint, republished.Thumbprint);
    }

    [Fact]
    public void WhatTheEntryAlreadySays_IsKept_AndAWsFederationEntryGetsTheCallbackAsAnAllowedReply()
    {
        var configuration = Configuration(new()
        {
            ["TokenService:DataPath"] = Path.Combine(_root, "data"),
            ["Federation:RelyingParties:0:Protocol"] = "WsFederation",
            ["Federation:RelyingParties:0:WsFedReplyUrls:0"] = "https://localhost:44301/wsfed",
            ["Federation:RelyingParties:0:RequestSigningCertificate"] = "certs-dev/own.cer",
        });

        var derived = LocalFederationTrustLink.Derive(configuration, _root, TimeProvider.System);

        Assert.Equal(
            new Dictionary<string, string?> { ["Federation:RelyingParties:0:WsFedReplyUrls:1"] = "https://localhost:44301/oauth2/logout/callback" },
            derived);
    }

    [Fact]
    public void NoEntryForThisTokenService_NothingIsAdded()
    {
        var configuration = Configuration(new()
        {
            ["TokenService:EntityId"] = "https://elsewhere.test/",
            ["TokenService:DataPath"] = Path.Combine(_root, "data"),
        });

        Assert.Empty(LocalFederationTrustLink.Derive(configuration, _root, TimeProvider.System));
        Assert.False(Directory.Exists(Path.Combine(_root, "data")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertAuth.Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
