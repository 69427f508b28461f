using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// A real HTTP CRL distribution point on loopback (the test kit's <see cref="LoopbackCrlServer"/>); tests swap the CRLs
/// it serves, count downloads, and can hold every download until they release it (<see cref="Hold"/>).
/// </summary>
public sealed class CrlServer : LoopbackCrlServer
{
    private CrlServer()
    {
    }

    public static async Task<CrlServer> StartAsync()
    {
        var server = new CrlServer();
        await server.ListenAsync();
        return server;
    }

    /// <summary>From now on, downloads wait (connection open) until <see cref="Release"/>.</summary>
    public void Hold() => HoldRequests();

    /// <summary>Lets every held and later download through.</summary>
    public void Release() => ReleaseRequests();
}
