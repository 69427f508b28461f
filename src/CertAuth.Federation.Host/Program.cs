using CertAuth.Federation.Host;
using CertAuth.Federation.Server;

// One command runs the product for a newcomer: the development PKI (generated on first run), its CRL
// distribution point, and the federation server. `--role federation` runs a role alone.
var contentRoot = ContentRootLocator.Find(args);
var role = RoleSelection.Parse(args);
var apps = new List<WebApplication>();

var devPki = DevPkiHost.Prepare(contentRoot, args);
if (devPki is not null)
{
    apps.Add(devPki);
}

if (role.Federation)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
    builder.AddFederationServer();
    var app = builder.Build();
    app.MapFederationServer();
    apps.Add(app);
}

if (apps.Count == 0)
{
    Console.Error.WriteLine("error: nothing to run; check --role and the Enabled flags in appsettings.json.");
    return 2;
}

await Task.WhenAll(apps.Select(a => a.RunAsync()));
return 0;
