using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>A loopback TCP port nobody listens on right now (the test kit's <see cref="LoopbackPort"/>).</summary>
public static class FreePort
{
    public static int Next() => LoopbackPort.Next();
}
