using System.Text.Json;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class RelyingPartyCommandTests : IDisposable
{
    private const string EntityId = "https://app.contoso.com/saml";
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Add_WithOptions_StoresEverything()
    {
        using var signing = TestCertificates.EndEntity("sp-signing", CliTestHost.Start.AddDays(-1), CliTestHost.Start.AddYears(1));
        var certPath = TestCertificates.WritePem(signing, _host.PathOf("sp.pem"));

        var result = await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs", "--acs", "http://localhost:5000/acs",
            "--display-name", "Contoso App", "--signing-cert", certPath, "--require-signed-requests", "--sign-response",
            "--name-id-format", "persistent", "--claim", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
            "--token-lifetime", "30", "--theme", "contoso");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId);
        Assert.NotNull(rp);
        Assert.Equal(["https://app.contoso.com/acs", "http://localhost:5000/acs"], rp.AssertionConsumerServiceUrls);
        Assert.Equal("Contoso App", rp.DisplayName);
        Assert.Equal(signing.RawData, rp.RequestSigningCertificate);
        Assert.True(rp.RequireSignedRequests);
        Assert.True(rp.SignResponse);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", rp.NameIdFormat);
        Assert.Equal(["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"], rp.ReleasedClaims);
        Assert.Equal(30, rp.TokenLifetimeMinutes);
        Assert.Equal("contoso", rp.Theme);
        Assert.Contains("warning: theme 'contoso'", result.Error, StringComparison.Ordinal);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Equal(("rp.add", EntityId), (entry.Action, entry.Target));
    }

    [Fact]
    public async Task Add_Duplicate_IsRefused()
    {
        await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs");

        var again = await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://app.contoso.com/acs")]
    [InlineData("https://app.contoso.com/acs#x")]
    [InlineData("/acs")]
    [InlineData("ftp://app.contoso.com/acs")]
    [InlineData("https://user:pw@app.contoso.com/acs")]
    public async Task Add_BadAcsUrl_IsRefused(string acs)
    {
        var result = await _host.RunAsync("rp", "add", EntityId, "--acs", acs);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--acs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithoutAcs_IsRefused()
    {
        Assert.Equal(1, (await _host.RunAsync("rp", "add", EntityId)).ExitCode);
    }

    [Fact]
    public async Task Add_RequireSignedWithoutCertificate_IsRefused()
    {
        var result = await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs", "--require-signed-requests");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--signing-cert", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_EntityIdTooLong_IsRefused()
    {
        var result = await _host.RunAsync("rp", "add", "https://x/" + new string('a', 1020), "--acs", "https://app.contoso.com/acs");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Add_BadNameIdFormatOrLifetime_IsRefused()
    {
        Assert.Equal(1, (await _host.RunAsync("rp", "add", EntityId, "--acs", "https://a.example/acs", "--name-id-format", "fancy")).ExitCode);
        Assert.Equal(1, (await _host.RunAsync("rp", "add", EntityId, "--acs", "https://a.example/acs", "--token-lifetime", "0")).ExitCode);
    }

    [Fact]
    public async Task Set_EditsAcsListAndFlags_AndAudits()
    {
        await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs", "--sign-response");

        var set = await _host.RunAsync("rp", "set", EntityId, "--add-acs", "https://app.contoso.com/acs2", "--remove-acs", "https://app.contoso.com/acs",
            "--sign-response", "false", "--enabled", "false", "--claim", "upn", "--claim", "email");
        Assert.True(set.ExitCode == 0, set.ToString());

        using (var storage = _host.OpenStorage())
        {
            var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId);
            Assert.Equal(["https://app.contoso.com/acs2"], rp!.AssertionConsumerServiceUrls);
            Assert.False(rp.SignResponse);
            Assert.False(rp.Enabled);
            Assert.Equal(["upn", "email"], rp.ReleasedClaims);
            Assert.Equal("rp.set", (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single().Action);
        }

        Assert.Equal(0, (await _host.RunAsync("rp", "set", EntityId, "--acs", "https://b.example/acs", "--no-claims")).ExitCode);
        using (var storage = _host.OpenStorage())
        {
            var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId);
            Assert.Equal(["https://b.example/acs"], rp!.AssertionConsumerServiceUrls);
            Assert.Empty(rp.ReleasedClaims);
        }
    }

    [Fact]
    public async Task Set_RemovingLastAcs_IsRefused()
    {
        await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs");

        var result = await _host.RunAsync("rp", "set", EntityId, "--remove-acs", "https://app.contoso.com/acs");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task SetAndRemove_UnknownEntity_AreRefused()
    {
        Assert.Equal(1, (await _host.RunAsync("rp", "set", "https://nobody/", "--sign-response")).ExitCode);
        Assert.Equal(1, (await _host.RunAsync("rp", "remove", "https://nobody/")).ExitCode);
    }

    [Fact]
    public async Task Remove_DeletesAndAudits()
    {
        await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs");

        Assert.Equal(0, (await _host.RunAsync("rp", "remove", EntityId)).ExitCode);

        using var storage = _host.OpenStorage();
        Assert.Null(await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId));
        Assert.Equal("rp.remove", (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single().Action);
    }

    [Fact]
    public async Task List_Json_ShowsRelyingParties()
    {
        await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs");

        var result = await _host.RunAsync("rp", "list", "--json");

        using var json = JsonDocument.Parse(result.Output);
        var rp = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(EntityId, rp.GetProperty("entityId").GetString());
        Assert.Equal(60, rp.GetProperty("tokenLifetimeMinutes").GetInt32());
    }
}
