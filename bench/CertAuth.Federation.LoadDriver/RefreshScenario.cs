namespace CertAuth.Federation.LoadDriver;

/// <summary>Refresh-token redemption at the token service's /oauth2/token (written once the grant is in the host).</summary>
public static class RefreshScenario
{
    public static Task<LoadRun.Result> RunAsync(DriverOptions options, Tls tls, ServerMemory server)
    {
        _ = options;
        _ = tls;
        _ = server;
        throw new NotSupportedException("The host does not serve the token service's /oauth2/token yet.");
    }
}
