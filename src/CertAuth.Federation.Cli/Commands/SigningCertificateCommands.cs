using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary>
/// <c>certauth signing-cert list | add --pfx F [--password P] [--promote-in T] | rollover [--promote-in T] | promote &lt;thumbprint&gt; [--in T]</c>:
/// the federation server's token-signing certificates (issue 13 item 2).
/// </summary>
internal static class SigningCertificateCommands
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("signing-cert", "Manage the federation server's token-signing certificates (rollover, as AD FS).");

        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List the stored token-signing certificates with their state (primary, secondary, retired, removed).") { json };
        list.SetAction((parse, ct) => runner.RunAsync<SigningCertificateHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        command.Subcommands.Add(list);

        var pfx = new Option<string>("--pfx") { Description = "PKCS#12 file with the certificate and its RSA private key (2048 bits or more).", Required = true };
        var password = new Option<string?>("--password") { Description = "Password of the PFX (default: none)." };
        var addPromoteIn = new Option<TimeSpan?>("--promote-in") { Description = "Becomes primary after this time (default: only by 'promote'); the primary at once when the store has none." };
        var add = new Command("add", "Add a certificate from a PFX as the secondary (published in metadata, not signing).") { pfx, password, addPromoteIn };
        add.SetAction((parse, ct) => runner.RunAsync<SigningCertificateHandler>(parse,
            (h, c) => h.AddAsync(parse.GetRequiredValue(pfx), parse.GetValue(password), parse.GetValue(addPromoteIn), c), ct));
        command.Subcommands.Add(add);

        var rolloverPromoteIn = new Option<TimeSpan?>("--promote-in") { Description = "Becomes primary after this time (default Federation:TokenSigning:CertificatePromotionThreshold)." };
        var rollover = new Command("rollover", "Generate a new certificate as the secondary of the current primary.") { rolloverPromoteIn };
        rollover.SetAction((parse, ct) => runner.RunAsync<SigningCertificateHandler>(parse, (h, c) => h.RolloverAsync(parse.GetValue(rolloverPromoteIn), c), ct));
        command.Subcommands.Add(rollover);

        var thumbprint = new Argument<string>("thumbprint") { Description = "SHA-256 thumbprint of the secondary (as 'list' prints it)." };
        var promoteIn = new Option<TimeSpan?>("--in") { Description = "When it becomes primary (default: twice Federation:TokenSigning:RefreshInterval, so that every node has read it first)." };
        var promote = new Command("promote", "Make the secondary the primary; the old primary is retired and stays in metadata for RetiredKeepPeriod.") { thumbprint, promoteIn };
        promote.SetAction((parse, ct) => runner.RunAsync<SigningCertificateHandler>(parse,
            (h, c) => h.PromoteAsync(parse.GetRequiredValue(thumbprint), parse.GetValue(promoteIn), c), ct));
        command.Subcommands.Add(promote);
        return command;
    }
}
