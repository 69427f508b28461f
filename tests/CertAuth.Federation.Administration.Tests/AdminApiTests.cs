using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertAuth.Federation.AdminApi;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>The admin HTTP API over real TLS on its own loopback listener: authentication, audit actor, OpenAPI document.</summary>
public sealed class AdminApiTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task WithoutCertificate_IsRefused401WithStableCode()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri(fixture.FederationAdminUrl, "admin/trusted-cas"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AdminApiCodes.CertificateRequired, await CodeOf(response));
    }

    [Fact]
    public async Task WithUserCertificateFromTheSignInCa_IsRefused403WithStableCode()
    {
        // A valid sign-in certificate (trusted issuing CA, client-auth EKU) is not an admin certificate.
        using var user = fixture.IssueUserCertificate("bob", upn: "bob@contoso.com");
        using var client = fixture.CreateClient(user);
        foreach (var url in new[] { fixture.FederationAdminUrl, fixture.TokenServiceAdminUrl })
        {
            using var response = await client.GetAsync(new Uri(url, "admin/audit"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(AdminApiCodes.CertificateNotAdmin, await CodeOf(response));
        }
    }

    [Fact]
    public async Task AdminEndpoints_AreNotServedOnThePublicListener()
    {
        // The public listener does not ask for client certificates; whatever Host header is sent, no admin endpoint answers.
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.PublicUrl, "admin/trusted-cas"));
        request.Headers.Host = $"localhost:{fixture.FederationAdminUrl.Port}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AdminApiCodes.NoSuchEndpoint, await CodeOf(response));
    }

    [Fact]
    public async Task AChangeThroughTheApi_IsAuditedWithTheAdminCertificateSubject()
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        var upn = $"carol-{Guid.NewGuid():N}@contoso.com";
        using var add = await client.PostAsJsonAsync(new Uri(fixture.FederationAdminUrl, "admin/users"), new { upn, displayName = "Carol" });
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);

        using var audit = await client.GetAsync(new Uri(fixture.FederationAdminUrl, "admin/audit?take=50"));
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var entries = (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray().ToList();
        var entry = Assert.Single(entries, e => e.GetProperty("target").GetString() == upn);
        Assert.Equal("user.add", entry.GetProperty("action").GetString());
        Assert.Equal(fixture.AdminCertificate.Subject, entry.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task RevokeSessions_OnTheTokenService_UnknownUser_IsNotFoundWithStableCode()
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        using var response = await client.PostAsJsonAsync(new Uri(fixture.TokenServiceAdminUrl, "admin/users/nobody@contoso.com/revoke-sessions"), new { });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AdminCodes.NotFound, await CodeOf(response));
    }

    [Theory]
    [InlineData("federation", "/admin/relying-parties")]
    [InlineData("tokenservice", "/admin/clients")]
    public async Task OpenApiDocument_IsServedAndListsThePaths(string role, string expectedPath)
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        var url = role == "federation" ? fixture.FederationAdminUrl : fixture.TokenServiceAdminUrl;
        using var response = await client.GetAsync(new Uri(url, "admin/openapi/v1.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(expectedPath, paths);
        Assert.Contains("/admin/trusted-cas", paths);
        Assert.Contains("/admin/trusted-cas/crl-refresh", paths);
        Assert.Contains("/admin/audit", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedJson_IsAProblemWithStableCode()
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(fixture.FederationAdminUrl, "admin/users"), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AdminApiCodes.BadRequest, await CodeOf(response));
    }

    internal static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
