using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertAuth.Federation.Pki;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// The federation server's admin API for token-signing certificates (issue 13 item 2), over real TLS: the verbs of
/// <c>certauth signing-cert</c> with the manager's rules and stable codes, audited with the admin certificate subject.
/// </summary>
public sealed class SigningCertificateApiTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private Uri Url(string path) => new(fixture.FederationAdminUrl, "admin/" + path);

    [Fact]
    public async Task AddRolloverPromote_FollowTheRules_AndAreAudited()
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        var now = fixture.Clock.GetUtcNow();
        using var first = CertificateFactory.CreateTokenSigning("CN=Api Test Signing", now.AddDays(-1), now.AddDays(90));

        // The store is empty: the added certificate becomes the primary at once.
        using var add = await client.PostAsJsonAsync(Url("signing-certificates"), new { pfx = Convert.ToBase64String(first.Export(X509ContentType.Pfx, "pw")), password = "pw" });
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal("primary", (await ValueOf(add)).GetProperty("state").GetString());

        // Rollover: a generated secondary that succeeds it, promoted after the given delay.
        using var rollover = await client.PostAsJsonAsync(Url("signing-certificates/rollover"), new { promoteIn = "1.00:00:00" });
        Assert.Equal(HttpStatusCode.Created, rollover.StatusCode);
        var secondary = await ValueOf(rollover);
        Assert.Equal("secondary", secondary.GetProperty("state").GetString());
        Assert.Equal(now.AddDays(1), secondary.GetProperty("promotesAt").GetDateTimeOffset());
        var thumbprint = secondary.GetProperty("thumbprint").GetString()!;

        // Only one secondary at a time.
        using var again = await client.PostAsJsonAsync(Url("signing-certificates/rollover"), new { });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(AdminCodes.SigningCertificateState, await AdminApiTests.CodeOf(again));

        // Promote now: the list shows it primary and the first one retired (kept in metadata).
        using var promote = await client.PostAsJsonAsync(Url($"signing-certificates/{thumbprint}/promote"), new { promoteIn = "00:00:00" });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2)); // a promotion is always strictly after the current primary's (here: the same instant + 1 s)
        using var list = await client.GetAsync(Url("signing-certificates"));
        var states = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray()
            .ToDictionary(c => c.GetProperty("thumbprint").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("primary", states[thumbprint]);
        Assert.Equal("retired", states[first.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)]);

        using var audit = await client.GetAsync(Url("audit?take=50"));
        var entries = (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray().ToList();
        foreach (var action in new[] { "signing-cert.add", "signing-cert.rollover", "signing-cert.promote" })
        {
            Assert.Contains(entries, e => e.GetProperty("action").GetString() == action && e.GetProperty("actor").GetString() == fixture.AdminCertificate.Subject);
        }
    }

    [Theory]
    [InlineData("signing-certificates", """{"pfx":"bm90IGEgcGZ4","password":"x"}""", HttpStatusCode.BadRequest, AdminCodes.SigningCertificateUnusable)]
    [InlineData("signing-certificates", """{"pfx":"%%%"}""", HttpStatusCode.BadRequest, AdminCodes.SigningCertificateUnusable)]
    [InlineData("signing-certificates/rollover", """{"promoteIn":"soon"}""", HttpStatusCode.BadRequest, AdminCodes.SigningCertificateTiming)]
    [InlineData("signing-certificates/rollover", """{"promoteIn":"-1.00:00:00"}""", HttpStatusCode.BadRequest, AdminCodes.SigningCertificateTiming)]
    [InlineData("signing-certificates/ABCDEF/promote", "{}", HttpStatusCode.NotFound, AdminCodes.NotFound)]
    public async Task BadInput_IsRefusedWithAStableCode(string path, string json, HttpStatusCode status, string code)
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(Url(path), content);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await AdminApiTests.CodeOf(response));
    }

    private static async Task<JsonElement> ValueOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value");
}
