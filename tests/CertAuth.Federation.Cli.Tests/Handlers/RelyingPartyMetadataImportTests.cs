using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class RelyingPartyMetadataImportTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task AddFromMetadataFile_TakesEntityIdPostAcsSigningCertAndNameIdFormat()
    {
        using var signing = TestCertificates.EndEntity("sp-signing", CliTestHost.Start.AddDays(-1), CliTestHost.Start.AddYears(1));
        File.WriteAllText(_host.PathOf("sp.xml"), Metadata("https://sp.example/metadata", Convert.ToBase64String(signing.RawData), signed: true));

        var result = await _host.RunAsync("rp", "add", "--metadata", "sp.xml", "--display-name", "SP from metadata");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync("https://sp.example/metadata");
        Assert.NotNull(rp);
        Assert.Equal(["https://sp.example/acs/default", "https://sp.example/acs/other"], rp.AssertionConsumerServiceUrls);
        Assert.Equal(signing.RawData, rp.RequestSigningCertificate);
        Assert.True(rp.RequireSignedRequests);
        Assert.Equal("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", rp.NameIdFormat);
        Assert.Equal("SP from metadata", rp.DisplayName);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Equal("rp.add", entry.Action);
        Assert.Contains("metadata=sp.xml", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFromMetadata_OptionsOverrideMetadata()
    {
        File.WriteAllText(_host.PathOf("sp.xml"), Metadata("https://sp.example/metadata", certificateBase64: null, signed: false));

        var result = await _host.RunAsync("rp", "add", "--metadata", _host.PathOf("sp.xml"), "--acs", "https://sp.example/only", "--name-id-format", "transient");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var rp = await storage.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync("https://sp.example/metadata");
        Assert.Equal(["https://sp.example/only"], rp!.AssertionConsumerServiceUrls);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:nameid-format:transient", rp.NameIdFormat);
        Assert.False(rp.RequireSignedRequests);
    }

    [Fact]
    public async Task AddFromMetadata_ExpiredMetadata_WarnsButAdds()
    {
        var xml = Metadata("https://sp.example/metadata", certificateBase64: null, signed: false)
            .Replace("entityID=", "validUntil=\"2029-01-01T00:00:00Z\" entityID=", StringComparison.Ordinal);
        File.WriteAllText(_host.PathOf("sp.xml"), xml);

        var result = await _host.RunAsync("rp", "add", "--metadata", "sp.xml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: the metadata was valid until 2029-01-01T00:00:00Z", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFromMetadata_EntityIdMismatch_IsRefused()
    {
        File.WriteAllText(_host.PathOf("sp.xml"), Metadata("https://sp.example/metadata", certificateBase64: null, signed: false));

        var result = await _host.RunAsync("rp", "add", "https://other.example/", "--metadata", "sp.xml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("differs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFromMetadata_SignedRequestsWithoutCertificate_IsRefused()
    {
        File.WriteAllText(_host.PathOf("sp.xml"), Metadata("https://sp.example/metadata", certificateBase64: null, signed: true));

        var result = await _host.RunAsync("rp", "add", "--metadata", "sp.xml");

        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("<notmetadata/>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>")]
    [InlineData("not xml at all")]
    public async Task AddFromMetadata_BadDocument_IsRefused(string content)
    {
        File.WriteAllText(_host.PathOf("bad.xml"), content);

        var result = await _host.RunAsync("rp", "add", "--metadata", "bad.xml");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AddFromMetadata_HttpUrl_IsRefused()
    {
        var result = await _host.RunAsync("rp", "add", "--metadata", "http://sp.example/metadata");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFromMetadata_HttpsUrl_IsFetched()
    {
        var xml = Metadata("https://sp.example/metadata", certificateBase64: null, signed: false);
        _host.MetadataHttpHandler = new StubHttpHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(xml) });

        var result = await _host.RunAsync("rp", "add", "--metadata", "https://sp.example/federationmetadata.xml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    internal static string Metadata(string entityId, string? certificateBase64, bool signed)
    {
        var key = certificateBase64 is null ? string.Empty : $"""
            <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
            <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
            """;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entityId}">
              <md:SPSSODescriptor AuthnRequestsSigned="{(signed ? "true" : "false")}" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                {key}
                <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
                <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://sp.example/acs/artifact" index="0"/>
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/acs/other" index="1"/>
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/acs/default" index="2" isDefault="true"/>
              </md:SPSSODescriptor>
            </md:EntityDescriptor>
            """;
    }
}
