using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary><c>rp add/set --slo-url --slo-binding --no-slo</c> (SAML 2.0 single logout, issue 14 item 4).</summary>
public sealed class RelyingPartySingleLogoutTests : IDisposable
{
    private const string EntityId = "urn:contoso:slo-app";
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Add_WithSloUrlAndPostBinding_IsStored_AndNoSloForgetsIt()
    {
        var result = await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs", "--slo-url", "https://app.contoso.com/slo", "--slo-binding", "post");

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var storage = _host.OpenStorage())
        {
            var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId);
            Assert.Equal(("https://app.contoso.com/slo", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"), (rp!.SingleLogoutServiceUrl, rp.SingleLogoutServiceBinding));
        }

        var cleared = await _host.RunAsync("rp", "set", EntityId, "--no-slo");
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        using var after = _host.OpenStorage();
        Assert.Null((await after.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId))!.SingleLogoutServiceUrl);
    }

    [Theory]
    [InlineData("http://app.contoso.com/slo", "redirect", "--slo-url 'http://app.contoso.com/slo' must be an https URL")]
    [InlineData("https://app.contoso.com/slo", "artifact", "--slo-binding 'artifact' must be redirect or post")]
    public async Task Add_BadSloUrlOrBinding_IsRefusedNamingTheOption(string url, string binding, string message)
    {
        var result = await _host.RunAsync("rp", "add", EntityId, "--acs", "https://app.contoso.com/acs", "--slo-url", url, "--slo-binding", binding);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        Assert.Null(await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(EntityId));
    }
}
