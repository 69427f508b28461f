using CertAuth.Federation.Farm.Tests.Fixture;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// A federation-server node with <c>Federation:ConfigureKestrel=false</c> (its listener from <c>Kestrel:Endpoints</c>, as in
/// the farm) must have a source of client certificates — a trusted load balancer forwarding <c>Client-Cert</c>, or an
/// endpoint that asks for a certificate in its TLS handshake — else it refuses to start with a message naming the keys
/// (ClientCertificateSourceCheck). The real Host process, started like the farm's nodes (which pass the check through
/// their trusted proxy: every farm test starts four of them).
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class ClientCertificateSourceTests(FarmFixture farm)
{
    [Fact]
    public async Task WithoutKestrelSetUp_NoTrustedProxy_AndNoEndpointAskingForACertificate_TheNodeRefusesToStart()
    {
        var port = FarmFixture.FreePort();
        IReadOnlyDictionary<string, string> Environment(bool migrate) => farm.EnvironmentOf(port, migrate)
            .Where(e => !e.Key.StartsWith("Federation__ForwardedClientCertificate", StringComparison.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value);
        using var node = new FarmNode("fed-no-certificate-source", "federation", port, farm.HostPath, farm.Folder, Environment);
        using var probe = farm.CreateClient();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => node.StartAsync(migrate: false, probe, TimeSpan.FromSeconds(120)));

        Assert.Contains("exited with code", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Federation:ConfigureKestrel is false, but nothing can give the certificate sign-in a client certificate", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Federation:ForwardedClientCertificate:TrustedProxies", refused.Message, StringComparison.Ordinal);
    }
}
