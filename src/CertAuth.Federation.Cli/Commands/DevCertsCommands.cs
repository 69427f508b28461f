using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth dev-certs [--dir] [--force]</c> and <c>certauth dev-certs revoke &lt;name&gt;</c>.</summary>
internal static class DevCertsCommands
{
    public static Command Create(CommandRunner runner)
    {
        var dir = DirOption();
        var force = new Option<bool>("--force") { Description = "Replace an existing development PKI." };
        var tlsKey = new Option<string?>("--tls-key-algorithm")
        {
            Description = "Key of the localhost TLS certificate: RSA (RSA-2048) or ECDSA (P-256). Default: DevPki:TlsKeyAlgorithm, else RSA.",
        };
        var devCerts = new Command("dev-certs", "Generate the development PKI (root and issuing CA, TLS, token-signing and user certificates, CRLs).") { dir, force, tlsKey };
        devCerts.SetAction((parse, ct) => runner.RunAsync<DevCertsHandler>(
            parse, (h, c) => h.GenerateAsync(parse.GetValue(dir), parse.GetValue(force), c, parse.GetValue(tlsKey)), ct, initializeStorage: false));

        var revokeDir = DirOption();
        var name = new Argument<string>("name") { Description = "User name of the development certificate to revoke (e.g. mallory)." };
        var revoke = new Command("revoke", "Revoke a development user certificate and publish a new CRL.") { name, revokeDir };
        revoke.SetAction((parse, ct) => runner.RunAsync<DevCertsHandler>(
            parse, (h, c) => h.RevokeAsync(parse.GetRequiredValue(name), parse.GetValue(revokeDir), c), ct));
        devCerts.Subcommands.Add(revoke);
        return devCerts;
    }

    private static Option<string?> DirOption() =>
        new("--dir") { Description = "Development PKI folder (default: DevPki:Directory from appsettings.json, i.e. certs-dev)." };
}
