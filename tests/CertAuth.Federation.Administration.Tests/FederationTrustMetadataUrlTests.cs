using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertAuth.Federation.Cli;
using Microsoft.Data.Sqlite;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// Issue 13 item 2: a federation trust's metadata URL is set, changed and cleared through the admin API (real TLS,
/// admin certificate; POST and PATCH /admin/federation-trusts) and the CLI (<c>certauth federation add|set
/// --metadata-url</c>) with the manager's rules: absolute https, http only on loopback, no user information (CAA1010,
/// CAA1011), an unknown trust CAA1302. The seeder's refusals are rows of <see cref="ThreeFrontEndsRefusalTests"/>.
/// </summary>
public sealed class FederationTrustMetadataUrlTests(AdminFixture fixture) : IClassFixture<AdminFixture>, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-metadata-url", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AdminApi_AddsSetsAndClearsTheMetadataUrl_AndRefusesBadOnesWithStableCodes()
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        var entityId = $"urn:idp:{Guid.NewGuid():N}";
        var trusts = new Uri(fixture.TokenServiceAdminUrl, "admin/federation-trusts");
        var one = new Uri(fixture.TokenServiceAdminUrl, $"admin/federation-trusts?entityId={Uri.EscapeDataString(entityId)}");
        const string First = "https://idp.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml";
        const string Second = "https://idp2.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml";

        using var added = await client.PostAsJsonAsync(trusts, new
        {
            entityId, singleSignOnUrl = "https://idp.contoso.com/adfs/ls/",
            signingCertificates = new[] { Convert.ToBase64String(fixture.TokenSigningCertificate.RawData) }, metadataUrl = First,
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(First, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetProperty("metadataUrl").GetString());

        using (var changed = await client.PatchAsJsonAsync(one, new { metadataUrl = Second }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(Second, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetProperty("metadataUrl").GetString());
        }

        foreach (var (url, code) in new[]
        {
            ("http://idp.contoso.com/metadata.xml", AdminCodes.InsecureUrl),
            ("https://user:pw@idp.contoso.com/metadata.xml", AdminCodes.InvalidUrl),
            ("https://idp.contoso.com/metadata.xml#x", AdminCodes.InvalidUrl),
            ("not a url", AdminCodes.InvalidUrl),
        })
        {
            using var refused = await client.PatchAsJsonAsync(one, new { metadataUrl = url });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, await AdminApiTests.CodeOf(refused));
        }

        Assert.Equal(Second, (await ListedAsync(client, entityId)).GetProperty("metadataUrl").GetString());

        using (var unknown = await client.PatchAsJsonAsync(new Uri(fixture.TokenServiceAdminUrl, "admin/federation-trusts?entityId=urn:idp:nobody"), new { metadataUrl = Second }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(AdminCodes.NotFound, await AdminApiTests.CodeOf(unknown));
        }

        using (var cleared = await client.PatchAsJsonAsync(one, new { metadataUrl = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        Assert.Equal(JsonValueKind.Null, (await ListedAsync(client, entityId)).GetProperty("metadataUrl").ValueKind);

        using var audit = await client.GetAsync(new Uri(fixture.TokenServiceAdminUrl, "admin/audit?take=50"));
        var entries = (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == entityId && e.GetProperty("action").GetString() == "federation.set").ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(fixture.AdminCertificate.Subject, e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Cli_AddAndSet_TheMetadataUrl_WithTheManagersRules()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "signing.cer"), fixture.TokenSigningCertificate.RawData);
        var config = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(config, """{ "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=cli.db" } }""");
        const string EntityId = "urn:idp:cli";

        var add = await RunCliAsync(config, ["federation", "add", EntityId, "--sso", "https://idp.contoso.com/adfs/ls/", "--signing-cert", "signing.cer",
            "--metadata-url", "https://idp.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml"]);
        Assert.True(add.Exit == CliApplication.Ok, add.Error);
        Assert.Contains("metadata-url=https://idp.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml  refreshed=never", (await RunCliAsync(config, ["federation", "list"])).Output, StringComparison.Ordinal);

        // http is accepted on loopback only (a local farm); the token service fetches it only in Development.
        var loopback = await RunCliAsync(config, ["federation", "set", EntityId, "--metadata-url", "http://127.0.0.1:5080/FederationMetadata/2007-06/FederationMetadata.xml"]);
        Assert.True(loopback.Exit == CliApplication.Ok, loopback.Error);
        Assert.Contains("metadata refreshed from http://127.0.0.1:5080/", loopback.Output, StringComparison.Ordinal);

        var insecure = await RunCliAsync(config, ["federation", "set", EntityId, "--metadata-url", "http://idp.contoso.com/metadata.xml"]);
        Assert.Equal(CliApplication.Refused, insecure.Exit);
        Assert.Equal(AdminCodes.InsecureUrl, insecure.Code);

        var unknown = await RunCliAsync(config, ["federation", "set", "urn:idp:nobody", "--metadata-url", "https://idp.contoso.com/metadata.xml"]);
        Assert.Equal(CliApplication.Refused, unknown.Exit);
        Assert.Equal(AdminCodes.NotFound, unknown.Code);

        var json = await RunCliAsync(config, ["federation", "list", "--json"]);
        Assert.Contains("http://127.0.0.1:5080/FederationMetadata/2007-06/FederationMetadata.xml", json.Output, StringComparison.Ordinal);

        var cleared = await RunCliAsync(config, ["federation", "set", EntityId, "--metadata-url", ""]);
        Assert.True(cleared.Exit == CliApplication.Ok, cleared.Error);
        Assert.Contains("no metadata URL", cleared.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("metadata-url=", (await RunCliAsync(config, ["federation", "list"])).Output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ListedAsync(HttpClient client, Uri trusts, string entityId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>(trusts);
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("value");
        return items.EnumerateArray().Single(t => t.GetProperty("entityId").GetString() == entityId);
    }

    private Task<JsonElement> ListedAsync(HttpClient client, string entityId) =>
        ListedAsync(client, new Uri(fixture.TokenServiceAdminUrl, "admin/federation-trusts"), entityId);

    private async Task<(int Exit, string? Code, string Output, string Error)> RunCliAsync(string config, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            CurrentDirectory = _folder,
            GetEnvironmentVariable = _ => null,
            DefaultActor = "tester@testhost",
        };
        var exit = await CliApplication.RunAsync(["--config", config, .. args], environment, CancellationToken.None);
        return (exit, environment.LastRefusalCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
