namespace CertAuth.Federation.Host;

/// <summary>The configuration the host itself reads before building the roles (the same sources the roles use).</summary>
internal static class HostConfiguration
{
    public static IConfiguration Load(string contentRoot, string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
}
