using System.CommandLine;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Cli.Handlers;
using CertAuth.Federation.Cli.Hosting;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth ca add|list|set|remove|crl-status|crl-refresh</c> (after New-/Get-/Set-/Remove-AzureADTrustedCertificateAuthority).</summary>
internal static class CertificateAuthorityCommands
{
    public static Command Create(CommandRunner runner)
    {
        var ca = new Command("ca", "Manage the certificate authorities trusted for certificate sign-in.");
        ca.Subcommands.Add(Add(runner));

        var json = CliCommandFactory.JsonOption();
        var listRole = CliCommandFactory.RoleOption();
        var list = new Command("list", "List trusted CAs.") { json, listRole };
        list.SetAction((parse, ct) => runner.RunAsync<CertificateAuthorityHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), RoleNames.Parse(parse.GetValue(listRole)), c), ct));
        ca.Subcommands.Add(list);

        ca.Subcommands.Add(Set(runner));

        var removeId = IdArgument();
        var removeRole = CliCommandFactory.RoleOption();
        var remove = new Command("remove", "Stop trusting a CA.") { removeId, removeRole };
        remove.SetAction((parse, ct) => runner.RunAsync<CertificateAuthorityHandler>(parse, (h, c) => h.RemoveAsync(parse.GetRequiredValue(removeId), RoleNames.Parse(parse.GetValue(removeRole)), c), ct));
        ca.Subcommands.Add(remove);

        var statusId = new Argument<string?>("id") { Description = "CA id (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var statusJson = CliCommandFactory.JsonOption();
        var statusRole = CliCommandFactory.RoleOption();
        var status = new Command("crl-status", "Show what each role last fetched of each CA's CRL and delta CRL.") { statusId, statusJson, statusRole };
        status.SetAction((parse, ct) => runner.RunAsync<CrlStatusHandler>(parse, (h, c) => h.ShowAsync(parse.GetValue(statusId), parse.GetValue(statusJson), RoleNames.Parse(parse.GetValue(statusRole)), c), ct));

        var refreshId = new Argument<string?>("id") { Description = "Trusted CA id (see 'ca list'); omit for every CA.", Arity = ArgumentArity.ZeroOrOne };
        var refreshRole = CliCommandFactory.RoleOption();
        var refresh = new Command("crl-refresh", "Ask the running services to download a CA's CRLs now.") { refreshId, refreshRole };
        refresh.SetAction((parse, ct) => runner.RunAsync<CrlRefreshHandler>(parse, (h, c) => h.RequestAsync(parse.GetValue(refreshId), RoleNames.Parse(parse.GetValue(refreshRole)), c), ct));
        ca.Subcommands.Add(status);
        ca.Subcommands.Add(refresh);
        return ca;
    }

    private static Command Add(CommandRunner runner)
    {
        var cert = new Option<string>("--cert") { Description = "The CA certificate (.cer/.pem, DER or PEM).", Required = true };
        var type = new Option<string>("--type") { Description = "root or intermediate.", Required = true };
        type.AcceptOnlyFromAmong("root", "intermediate");
        var crl = new Option<string?>("--crl") { Description = "CRL distribution point (http or https URL)." };
        var deltaCrl = new Option<string?>("--delta-crl") { Description = "Delta CRL distribution point (http or https URL)." };
        var issuer = new Option<string?>("--issuer") { Description = "TrustedIssuer: the CA's subject DN (checked against the certificate)." };
        var issuerSki = new Option<string?>("--issuer-ski") { Description = "TrustedIssuerSki: the CA's subject key identifier, hex (checked against the certificate)." };
        var grace = new Option<string?>("--crl-grace") { Description = "How long a stale CRL may still be used when no fresh one can be had (hh:mm:ss or minutes; default: fail closed)." };
        var role = CliCommandFactory.RoleOption();
        var add = new Command("add", "Trust a root or intermediate CA.") { cert, type, crl, deltaCrl, issuer, issuerSki, grace, role };
        add.SetAction((parse, ct) => runner.RunAsync<CertificateAuthorityHandler>(parse, (h, c) => h.AddAsync(
            new CaAddRequest(
                parse.GetRequiredValue(cert),
                parse.GetRequiredValue(type) == "root" ? CertificateAuthorityType.RootAuthority : CertificateAuthorityType.IntermediateAuthority,
                parse.GetValue(crl),
                parse.GetValue(deltaCrl),
                parse.GetValue(issuer),
                parse.GetValue(issuerSki),
                parse.GetValue(grace)),
            RoleNames.Parse(parse.GetValue(role)),
            c), ct));
        return add;
    }

    private static Command Set(CommandRunner runner)
    {
        var id = IdArgument();
        var crl = new Option<string?>("--crl") { Description = "New CRL distribution point." };
        var noCrl = new Option<bool>("--no-crl") { Description = "Remove the CRL distribution point." };
        var deltaCrl = new Option<string?>("--delta-crl") { Description = "New delta CRL distribution point." };
        var noDeltaCrl = new Option<bool>("--no-delta-crl") { Description = "Remove the delta CRL distribution point." };
        var issuer = new Option<string?>("--issuer") { Description = "TrustedIssuer: the CA's subject DN (checked against the certificate)." };
        var issuerSki = new Option<string?>("--issuer-ski") { Description = "TrustedIssuerSki: the CA's subject key identifier, hex (checked against the certificate)." };
        var grace = new Option<string?>("--crl-grace") { Description = "CRL grace period (hh:mm:ss or minutes)." };
        var noGrace = new Option<bool>("--no-crl-grace") { Description = "Remove the grace period (fail closed)." };
        var role = CliCommandFactory.RoleOption();
        var set = new Command("set", "Change a trusted CA's CRL locations, issuer constraints or grace period.")
        {
            id, crl, noCrl, deltaCrl, noDeltaCrl, issuer, issuerSki, grace, noGrace, role,
        };
        set.Validators.Add(result =>
        {
            ExclusivePair(result, crl, noCrl);
            ExclusivePair(result, deltaCrl, noDeltaCrl);
            ExclusivePair(result, grace, noGrace);
        });
        set.SetAction((parse, ct) => runner.RunAsync<CertificateAuthorityHandler>(parse, (h, c) => h.SetAsync(
            new CaSetRequest(
                parse.GetRequiredValue(id),
                parse.GetValue(crl),
                parse.GetValue(noCrl),
                parse.GetValue(deltaCrl),
                parse.GetValue(noDeltaCrl),
                parse.GetValue(issuer),
                parse.GetValue(issuerSki),
                parse.GetValue(grace),
                parse.GetValue(noGrace)),
            RoleNames.Parse(parse.GetValue(role)),
            c), ct));
        return set;
    }

    private static Argument<string> IdArgument() =>
        new("id") { Description = "CA id (first 16 hex digits of the SHA-256 thumbprint; see 'certauth ca list')." };

    private static void ExclusivePair(System.CommandLine.Parsing.CommandResult result, Option value, Option clear)
    {
        if (result.GetResult(value) is not null && result.GetResult(clear) is not null)
        {
            result.AddError($"{value.Name} and {clear.Name} cannot be used together.");
        }
    }
}
