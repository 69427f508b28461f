using System.Diagnostics;

namespace CertAuth.Federation.Tests.Shared;

/// <summary>
/// Runs Debian's <c>xmlsec1</c> (libxmlsec1, an XML-DSig implementation independent of .NET) to verify a signature.
/// The test command installs it; a missing binary fails the test rather than skipping it. One source file, linked into
/// each test project that checks against it (from <c>tests/Shared</c>).
/// </summary>
internal static class XmlSec1
{
    /// <summary>
    /// Verifies the signature of the element of type <paramref name="signedNodeName"/> with the public key of the PEM
    /// certificate; <paramref name="idAttribute"/> names its ID attribute (<c>AssertionID</c> for SAML 1.1).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> VerifyAsync(string xml, string certificatePem, string signedNodeName, string idAttribute = "ID")
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
                    "--id-attr:" + idAttribute, signedNodeName,
                    "--node-xpath", $"//*[local-name()='{signedNodeName.Split(':').Last()}']/*[local-name()='Signature']",
                    document,
                },
            };
            return await RunAsync(start);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Signs <paramref name="template"/> (a document whose <c>ds:Signature</c> template has empty DigestValue and
    /// SignatureValue) with the PEM private key; the element with the <c>ID</c> attribute of type
    /// <paramref name="signedNodeName"/> (<c>namespace:localName</c>) is the reference target. Returns the signed
    /// document as xmlsec1 (libxml2) serializes it.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string? Signed)> SignAsync(string template, string privateKeyPem, string signedNodeName)
    {
        var folder = Directory.CreateTempSubdirectory("certauth-xmlsec1-").FullName;
        try
        {
            var input = Path.Combine(folder, "template.xml");
            var output = Path.Combine(folder, "signed.xml");
            var key = Path.Combine(folder, "key.pem");
            await File.WriteAllTextAsync(input, template);
            await File.WriteAllTextAsync(key, privateKeyPem);
            var start = new ProcessStartInfo("xmlsec1")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "--sign", "--privkey-pem", key, "--id-attr:ID", signedNodeName, "--output", output, input },
            };
            var (exitCode, text) = await RunAsync(start);
            return (exitCode, text, exitCode == 0 ? await File.ReadAllTextAsync(output) : null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("xmlsec1 did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
