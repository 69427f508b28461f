using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.AdminApi;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// The admin API's rate limit over real TLS: a low limit on the federation server's admin listener only (the token
/// service's admin listener keeps the default), with a window far longer than the test.
/// </summary>
public sealed class RateLimitedAdminFixture : AdminFixture
{
    public const int PermitLimit = 3;

    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        base.ConfigureSettings(settings);
        settings["Federation:Admin:RateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Federation:Admin:RateLimit:Window"] = "01:00:00";
    }
}

/// <summary>
/// Both roles' admin APIs with the admin CA's CRL configured (<c>…:Admin:CrlUrl</c>): the federation server's points
/// at a CRL (served on loopback, signed by the admin CA) that lists <see cref="RevokedAdminCertificate"/>; the token
/// service's points at a URL that answers 503, i.e. the CRL is unavailable.
/// </summary>
public sealed class AdminCrlFixture : AdminFixture
{
    private LoopbackCrlServer? _crls;

    public AdminCrlFixture()
    {
        var now = Clock.GetUtcNow();
        using var issued = CertificateFactory.CreateUser(AdminCa, new UserCertificateOptions
        {
            Subject = "CN=Mallory Former Admin, O=Contoso Operations",
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddDays(30),
        });
        RevokedAdminCertificate = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pfx, "x"), "x");
    }

    /// <summary>Issued by the admin CA, valid, client-auth EKU, and on the admin CA's CRL.</summary>
    public X509Certificate2 RevokedAdminCertificate { get; }

    public LoopbackCrlServer Crls => _crls ?? throw new InvalidOperationException("not started");

    public override async Task InitializeAsync()
    {
        _crls = await LoopbackCrlServer.StartAsync();
        var now = Clock.GetUtcNow();
        _crls.Publish("admin.crl", CrlWriter.Write(AdminCa, [CrlEntry.For(RevokedAdminCertificate, now.AddHours(-1))], now.AddMinutes(-10), now.AddDays(7), 1));
        _crls.Serve("/unavailable.crl", () => new LoopbackResponse(503, []));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        RevokedAdminCertificate.Dispose();
        if (_crls is not null)
        {
            await _crls.DisposeAsync();
        }
    }

    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        base.ConfigureSettings(settings);
        settings["Federation:Admin:CrlUrl"] = Crls.UrlOf("admin.crl").AbsoluteUri;
    }

    protected override void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
    {
        base.ConfigureTokenServiceSettings(settings);
        settings["TokenService:Admin:CrlUrl"] = Crls.Url("/unavailable.crl").AbsoluteUri;
    }
}

/// <summary>
/// Issue 12 item 5 leftovers: the admin API's rate limit (429 <c>CAA2003</c> with Retry-After; partitioned per client
/// IP address, counted before the certificate check) over real TLS.
/// </summary>
public sealed class AdminApiRateLimitTests(RateLimitedAdminFixture fixture) : IClassFixture<RateLimitedAdminFixture>
{
    [Fact]
    public async Task OverTheLimit_IsRefused429WithRetryAfterAndStableCode_ForEveryCertificateFromThatAddress()
    {
        using var admin = fixture.CreateClient(fixture.AdminCertificate);
        var url = new Uri(fixture.FederationAdminUrl, "admin/trusted-cas");
        for (var i = 0; i < RateLimitedAdminFixture.PermitLimit; i++)
        {
            using var allowed = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AdminApiCodes.RateLimited, await AdminApiTests.CodeOf(refused));
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.True(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1, retryAfter);

        // The partition is the client address, not the certificate: another certificate (here a user's, which would
        // otherwise get 403 CAA2002) from the same address is refused by the limit before its certificate is looked at.
        using var user = fixture.IssueUserCertificate("bob", upn: "bob@contoso.com");
        using var other = fixture.CreateClient(user);
        using var otherRefused = await other.GetAsync(url);
        Assert.Equal(HttpStatusCode.TooManyRequests, otherRefused.StatusCode);
        Assert.Equal(AdminApiCodes.RateLimited, await AdminApiTests.CodeOf(otherRefused));

        // Each role's admin listener has its own limiter: the token service's (default limit) still answers.
        using var tokenService = await admin.GetAsync(new Uri(fixture.TokenServiceAdminUrl, "admin/trusted-cas"));
        Assert.Equal(HttpStatusCode.OK, tokenService.StatusCode);
    }
}

/// <summary>Issue 12 item 5 leftovers: the admin CA's own revocation (<c>…:Admin:CrlUrl</c>) over real TLS.</summary>
public sealed class AdminApiRevocationTests(AdminCrlFixture fixture) : IClassFixture<AdminCrlFixture>
{
    [Fact]
    public async Task ARevokedAdminCertificate_IsRefused403WithStableCode_AndAValidOneIsServed()
    {
        var url = new Uri(fixture.FederationAdminUrl, "admin/trusted-cas");
        using var revoked = fixture.CreateClient(fixture.RevokedAdminCertificate);
        using var refused = await revoked.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(AdminApiCodes.CertificateRevoked, await AdminApiTests.CodeOf(refused));

        using var admin = fixture.CreateClient(fixture.AdminCertificate);
        using var served = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.True(fixture.Crls.RequestsTo("/crl/admin.crl") >= 1, "the admin CA's CRL was never downloaded");
    }

    [Fact]
    public async Task ARevokedAdminCertificate_ChangesNothing()
    {
        using var revoked = fixture.CreateClient(fixture.RevokedAdminCertificate);
        var upn = $"mallory-{Guid.NewGuid():N}@contoso.com";
        using var add = await revoked.PostAsJsonAsync(new Uri(fixture.FederationAdminUrl, "admin/users"), new { upn, displayName = "Mallory" });
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(AdminApiCodes.CertificateRevoked, await AdminApiTests.CodeOf(add));

        using var admin = fixture.CreateClient(fixture.AdminCertificate);
        using var users = await admin.GetAsync(new Uri(fixture.FederationAdminUrl, "admin/users"));
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.DoesNotContain(upn, await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheAdminCrlIsUnavailable_EveryAdminRequestIsRefused503_FailClosed()
    {
        // The token service's admin API names a CRL URL that answers 503: even the valid admin certificate is refused.
        using var admin = fixture.CreateClient(fixture.AdminCertificate);
        using var refused = await admin.GetAsync(new Uri(fixture.TokenServiceAdminUrl, "admin/trusted-cas"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AdminApiCodes.RevocationUnavailable, await AdminApiTests.CodeOf(refused));
    }
}
