using CertAuth.Federation.Host;
using CertAuth.Federation.SampleApp;
using CertAuth.Federation.Server;
using CertAuth.Federation.TokenService;

// One command runs the product for a newcomer: the development PKI (generated on first run), its CRL
// distribution point, the federation server, the token service and (in development) the sample app, each on its own listeners and in its own
// DI container (in production they sit in different places). `--role federation|tokenservice` runs one role.
var contentRoot = ContentRootLocator.Find(args);
var configuration = HostConfiguration.Load(contentRoot, args);
var role = RoleSelection.Parse(args);
var apps = new List<WebApplication>();

// Issue 12 item 7: the roles read their key and certificate files and validate their options when they start, not
// when they are registered. A start that fails for a setting prints one line naming it (no stack trace) and exits 3.
try
{
    var devPki = DevPkiHost.Prepare(contentRoot, configuration);
    if (devPki is not null)
    {
        apps.Add(devPki);
    }

    if (role.Federation && configuration.GetValue("Federation:Enabled", true))
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        if (role.TokenService && configuration.GetValue("TokenService:Enabled", true))
        {
            // Both roles here: the federation server's entry for the token service gets what logout needs (its logout
            // callback as SingleLogoutService, its request-signing certificate), derived from the token service's settings.
            builder.Configuration.AddInMemoryCollection(CertAuth.Federation.TokenService.Hosting.LocalFederationTrustLink.Derive(configuration, contentRoot, TimeProvider.System));
        }

        builder.AddFederationServer();
        var app = builder.Build();
        app.MapFederationServer();
        apps.Add(app);
    }

    if (role.TokenService && configuration.GetValue("TokenService:Enabled", true))
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        builder.AddTokenService();
        var app = builder.Build();
        app.MapTokenService();
        apps.Add(app);
    }

    // The sample relying-party web app (https://localhost:44302), for trying the whole flow in a browser. Development only.
    var runSampleApp = role.Federation && role.TokenService && configuration.GetValue("SampleApp:Enabled", false);
    if (runSampleApp)
    {
        apps.Add(SampleAppHost.Build([]));
    }

    if (apps.Count == (devPki is null ? 0 : 1) + (runSampleApp ? 1 : 0))
    {
        Console.Error.WriteLine("error: no role to run; check --role and the Enabled flags in appsettings.json.");
        return 2;
    }

    // The options first, once (the roles' ValidateOnStart validators; their results are cached for the start itself):
    // a failure here is reported as one line, whereas a failure while the host resolves its services is logged with a trace.
    foreach (var app in apps)
    {
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
    }

    await Task.WhenAll(apps.Select(a => a.StartAsync()));
}
catch (OperationCanceledException) when (apps.Any(a => a.Lifetime.ApplicationStopping.IsCancellationRequested))
{
    // Ctrl+C / SIGTERM while a role was still starting: a requested stop, not a failure (no stack trace).
    Console.Error.WriteLine("Stopped during start-up (shutdown requested).");
    foreach (var app in apps)
    {
        try
        {
            await app.StopAsync();
        }
        catch (Exception stopError) when (stopError is not OutOfMemoryException)
        {
            // Best effort, as below.
        }
    }

    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } message)
{
    Console.Error.WriteLine($"error: {message}");
    foreach (var app in apps)
    {
        try
        {
            await app.StopAsync();
        }
        catch (Exception stopError) when (stopError is not OutOfMemoryException)
        {
            // Stopping the roles that did start is best effort; the start's failure is what gets reported.
        }
    }

    return StartupFailure.ExitCode;
}

await Task.WhenAll(apps.Select(a => a.WaitForShutdownAsync()));
foreach (var app in apps)
{
    await app.DisposeAsync();
}

return 0;
