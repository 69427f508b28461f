using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth cert explain &lt;file|pem&gt; [--rp &lt;entityId&gt;] [--json]</c>.</summary>
internal static class CertificateCommands
{
    public static Command Create(CommandRunner runner)
    {
        var cert = new Command("cert", "Look at user certificates the way the federation server does.");
        var input = new Argument<string>("certificate") { Description = "A certificate file (.cer/.pem, DER or PEM) or a PEM block." };
        var rp = new Option<string?>("--rp") { Description = "A relying party's entity id: also show the claims it would receive." };
        var json = CliCommandFactory.JsonOption();
        var explain = new Command(
            "explain",
            "Walk the sign-in's own steps for a certificate without signing anyone in: chain, validity, EKU, key policy, CRLs, user, claims, "
            + "and the error code a sign-in would get. Exit 0: would sign in; 1: would be refused; 2: bad input.")
        { input, rp, json };
        explain.SetAction((parse, ct) => runner.RunAsync<CertificateExplainHandler>(
            parse, (h, c) => h.ExplainAsync(parse.GetRequiredValue(input), parse.GetValue(rp), parse.GetValue(json), c), ct));
        cert.Subcommands.Add(explain);
        return cert;
    }
}
