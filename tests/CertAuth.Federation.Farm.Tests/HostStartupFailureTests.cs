using System.Diagnostics;
using CertAuth.Federation.Farm.Tests.Fixture;
using CertAuth.Federation.Pki;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 12 item 7, through the real Host process (<c>dotnet CertAuth.Federation.Host.dll</c>, as the farm runs it, but
/// without the farm): key and certificate files are read when a role starts, and a file that cannot be used, or an
/// invalid option, ends the process with exit code 3 and one line naming the setting — no stack trace on the console.
/// Not in the farm collection: these start no farm, and the refused hosts never listen.
/// </summary>
public sealed class HostStartupFailureTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-host-start-" + Guid.NewGuid().ToString("N"));

    public HostStartupFailureTests()
    {
        Directory.CreateDirectory(_folder);
        File.Copy(Path.Combine(FarmFixture.RepositoryRoot(), "appsettings.json"), Path.Combine(_folder, "appsettings.json"));
        _ = DevPki.Generate(Path.Combine(_folder, "certs-dev"), TimeProvider.System);
    }

    [Fact]
    public async Task AMissingTokenSigningKeyFile_TheFederationServerExits3_WithOneLineNamingTheSettingAndTheFile()
    {
        var missing = Path.Combine(_folder, "certs-dev", "token-signing.pfx");
        File.Delete(missing);

        var (exitCode, output) = await RunHostAsync("--role", "federation");

        Assert.Equal(3, exitCode);
        Assert.Contains($"error: the configuration prevents the start: Federation:SigningCertificate: the file '{missing}' does not exist.", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task AMissingDataProtectionCertificate_BothRolesInOneProcess_TheHostExits3_NamingTheSetting()
    {
        var missing = Path.Combine(_folder, "certs-dev", "data-protection.pfx");
        File.Delete(missing);

        var (exitCode, output) = await RunHostAsync();

        Assert.Equal(3, exitCode);
        Assert.Contains("DataProtection:Certificate: the file '" + missing + "' does not exist.", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task AnInvalidOption_TheTokenServiceExits3_WithTheValidatorsMessage()
    {
        var (exitCode, output) = await RunHostAsync(("TokenService__AccessTokenLifetime", "00:00:01"), "--role", "tokenservice");

        Assert.Equal(3, exitCode);
        Assert.Contains("error: the configuration prevents the start: TokenService:AccessTokenLifetime must be between", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotContain(output.Split('\n'), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));

    private Task<(int ExitCode, string Output)> RunHostAsync(params string[] args) => RunHostAsync(null, args);

    private async Task<(int ExitCode, string Output)> RunHostAsync((string Key, string Value)? setting, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(FarmFixture.HostDll(FarmFixture.RepositoryRoot()));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(_folder);

        // No development CRL server (its fixed port) and no sample app: only the roles under test.
        info.Environment["DevPki__Enabled"] = "false";
        info.Environment["SampleApp__Enabled"] = "false";
        if (setting is { } s)
        {
            info.Environment[s.Key] = s.Value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the host did not exit: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + "\n" + await stderr);
    }
}
