using System.Net;
using System.Net.Sockets;

namespace CertAuth.Federation.Testing;

/// <summary>A loopback TCP port nobody listens on right now.</summary>
public static class LoopbackPort
{
    /// <summary>A free port on 127.0.0.1 (the OS picks it; it is free when this returns).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
