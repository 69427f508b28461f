using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Server.Explain;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>cert explain &lt;file|pem&gt; [--rp &lt;entityId&gt;] [--json]</c> verb: what a certificate sign-in would do
/// with this certificate, step by step, computed by the federation server's own sign-in code
/// (<see cref="CertificateExplainer"/>) over the federation server's store: its trusted CAs, users and relying parties;
/// CRLs are downloaded as the server downloads them and checked against the CRL numbers the server persisted, without
/// writing the server's CRL state. Exit codes: 0 would sign in, 1 would be refused, 2 bad input.
/// </summary>
internal sealed class CertificateExplainHandler(CliInvocation invocation, CliConsole console)
{
    public async Task<int> ExplainAsync(string input, string? relyingParty, bool json, CancellationToken cancellationToken)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = Read(input);
        }
        catch (CliRefusedException ex)
        {
            await invocation.Environment.Error.WriteLineAsync($"error: {CliConsole.OneLine(ex.Message)}");
            return CliApplication.Usage;
        }

        using (certificate)
        {
            var services = new ServiceCollection();
            services.AddSingleton(invocation.Environment.TimeProvider);
            services.AddStandaloneCertificateExplainer(invocation.Settings.Configuration, invocation.Settings.ConfigDirectory);
            await using var provider = services.BuildServiceProvider();
            var explanation = await provider.GetRequiredService<CertificateExplainer>().ExplainAsync(certificate, relyingParty, cancellationToken);
            if (relyingParty is not null && explanation.Outcome.ErrorCode == "CAF1201")
            {
                await invocation.Environment.Error.WriteLineAsync($"error: no relying party '{CliConsole.OneLine(relyingParty)}' is trusted (see 'certauth rp list').");
                return CliApplication.Usage;
            }

            if (json)
            {
                console.Json(explanation);
            }
            else
            {
                Print(explanation);
            }

            return explanation.Outcome.WouldSignIn ? CliApplication.Ok : CliApplication.Refused;
        }
    }

    // A PEM block given on the command line, else a file (DER or PEM) relative to the current directory.
    private X509Certificate2 Read(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new CliRefusedException("give a certificate file or a PEM block.");
        }

        if (input.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            if (input.Length > CertificateFileReader.MaxFileBytes)
            {
                throw new CliRefusedException("the PEM text is too large to be a certificate.");
            }

            return CertificateFileReader.Decode(Encoding.ASCII.GetBytes(input), "the PEM text");
        }

        return CertificateFileReader.Read(invocation.ResolveCommandLinePath(input), "certificate");
    }

    private void Print(CertificateExplanation e)
    {
        console.Line($"certificate  {e.Subject}");
        console.Line($"  issuer      {e.Issuer}");
        console.Line($"  serial      {e.SerialNumber}   thumbprint {e.Thumbprint}");
        console.Line($"  valid       {CliConsole.Instant(e.NotBefore)} .. {CliConsole.Instant(e.NotAfter)}   (now {CliConsole.Instant(e.At)})");
        console.Line("chain");
        foreach (var link in e.Chain)
        {
            var trust = link.Trusted switch { true => "trusted", false => "NOT TRUSTED", null => "presented" };
            var id = link.AuthorityId is null ? string.Empty : $" [{link.AuthorityId}]";
            console.Line($"  {link.Role,-16} {link.Subject}{id}  {trust}: {link.Reason}");
        }

        console.Line("steps");
        foreach (var step in e.Steps)
        {
            var verdict = step.Verdict switch { ExplanationVerdict.Pass => "PASS", ExplanationVerdict.Fail => "FAIL", _ => "SKIP" };
            console.Line($"  {verdict}  {step.Name,-18} {CliConsole.OneLine(step.Detail)}");
        }

        if (e.Revocation.Count > 0)
        {
            console.Line("crl");
            foreach (var r in e.Revocation)
            {
                var age = r.AgeSeconds is { } seconds ? Age(seconds) : "-";
                var delta = r.DeltaCrlNumber is null ? string.Empty : $"  delta-number={r.DeltaCrlNumber} delta-entries={r.DeltaEntries?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
                var revoked = r.RevokedAt is null ? string.Empty : $"  revoked-at={CliConsole.Instant(r.RevokedAt)}";
                var problem = r.Problem is null ? string.Empty : $"  problem={CliConsole.OneLine(r.Problem)}";
                console.Line($"  {r.AuthorityId}  {r.CertificateRole} serial {r.SerialNumber}: {r.Status}  crl-number={r.CrlNumber ?? "-"} "
                    + $"this-update={CliConsole.Instant(r.ThisUpdate)} next-update={CliConsole.Instant(r.NextUpdate)} age={age} "
                    + $"entries={r.Entries?.ToString(CultureInfo.InvariantCulture) ?? "-"}{delta}{revoked}{problem}");
            }
        }

        if (e.Claims is { } claims)
        {
            console.Line($"claims for {e.RelyingParty}");
            foreach (var claim in claims)
            {
                console.Line($"  {claim.Type} = {CliConsole.OneLine(claim.Value)}");
            }
        }

        var outcome = e.Outcome;
        console.Line(outcome.WouldSignIn
            ? $"result: would sign in as {e.User}" + (e.RelyingParty is null ? string.Empty : $" to {e.RelyingParty}")
            : $"result: refused {outcome.ErrorCode} (HTTP {outcome.HttpStatus}, {outcome.Category}; page text {outcome.PageTextKey}"
              + (outcome.Theme is null ? string.Empty : $", theme {outcome.Theme}") + $"): {CliConsole.OneLine(outcome.Detail ?? string.Empty)}");
    }

    private static string Age(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Abs(seconds));
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes}m" : $"{(int)span.TotalMinutes}m{span.Seconds}s";
        return seconds < 0 ? "-" + text : text;
    }
}
