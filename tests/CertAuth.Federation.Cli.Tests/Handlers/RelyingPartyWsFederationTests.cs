using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary><c>rp add/set --protocol --token-type</c> and WS-Federation metadata import (fed:ApplicationServiceType).</summary>
public sealed class RelyingPartyWsFederationTests : IDisposable
{
    private const string Realm = "urn:contoso:wsfed-app";
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Add_WsFedWithTokenType_IsStored_AndSetSwitchesBack()
    {
        var result = await _host.RunAsync("rp", "add", Realm, "--acs", "https://app.contoso.com/wsfed", "--protocol", "wsfed", "--token-type", "saml11");

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var storage = _host.OpenStorage())
        {
            var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(Realm);
            Assert.Equal(("WsFederation", "Saml11"), (rp!.Protocol, rp.TokenType));
        }

        var set = await _host.RunAsync("rp", "set", Realm, "--token-type", "saml2");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("token-type=Saml2", set.Output, StringComparison.Ordinal);
        var back = await _host.RunAsync("rp", "set", Realm, "--protocol", "saml2");
        Assert.True(back.ExitCode == 0, back.ToString());

        using var after = _host.OpenStorage();
        var changed = await after.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(Realm);
        Assert.Equal(("Saml2", "Saml2"), (changed!.Protocol, changed.TokenType));
        var list = await _host.RunAsync("rp", "list");
        Assert.Contains("protocol=Saml2  token-type=Saml2", list.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--protocol", "oauth")]
    [InlineData("--token-type", "jwt")]
    public async Task Add_UnknownProtocolOrTokenType_IsRefused(string option, string value)
    {
        var result = await _host.RunAsync("rp", "add", Realm, "--acs", "https://app.contoso.com/wsfed", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        Assert.Null(await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(Realm));
    }

    [Fact]
    public async Task AddFromWsFederationMetadata_TakesThePassiveRequestorEndpoints()
    {
        File.WriteAllText(_host.PathOf("rp.xml"), $"""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{Realm}">
              <md:RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706"
                  xsi:type="fed:ApplicationServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">
                <fed:PassiveRequestorEndpoint>
                  <wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>https://app.contoso.com/wsfed</wsa:Address></wsa:EndpointReference>
                </fed:PassiveRequestorEndpoint>
                <fed:PassiveRequestorEndpoint>
                  <wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>https://app.contoso.com/wsfed2</wsa:Address></wsa:EndpointReference>
                </fed:PassiveRequestorEndpoint>
              </md:RoleDescriptor>
            </md:EntityDescriptor>
            """);

        var result = await _host.RunAsync("rp", "add", "--metadata", "rp.xml");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync(Realm);
        Assert.Equal("WsFederation", rp!.Protocol);
        Assert.Equal(["https://app.contoso.com/wsfed", "https://app.contoso.com/wsfed2"], rp.AssertionConsumerServiceUrls);
    }
}
