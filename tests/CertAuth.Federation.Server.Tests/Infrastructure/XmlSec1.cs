using System.Diagnostics;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// Runs Debian's <c>xmlsec1</c> (libxmlsec1, an XML-DSig implementation independent of .NET) to verify a signature.
/// The test command installs it; a missing binary fails the test rather than skipping it.
/// </summary>
public static class XmlSec1
{
    /// <summary>Verifies the signature of the element of type <paramref name="signedNodeName"/> with the public key of the PEM certificate.</summary>
    public static async Task<(int ExitCode, string Output)> VerifyAsync(string xml, string certificatePem, string signedNodeName)
    {
        var folder = Directory.CreateTempSubdirectory("certauth-xmlsec1-").FullName;
        try
        {
            var document = Path.Combine(folder, "signed.xml");
            var certificate = Path.Combine(folder, "signing.pem");
            await File.WriteAllTextAsync(document, xml);
            await File.WriteAllTextAsync(certificate, certificatePem);
            var start = new ProcessStartInfo("xmlsec1")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--verify",
                    "--pubkey-cert-pem", certificate,
                    "--id-attr:ID", signedNodeName,
                    "--node-xpath", $"//*[local-name()='{signedNodeName.Split(':').Last()}']/*[local-name()='Signature']",
                    document,
                },
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("xmlsec1 did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
