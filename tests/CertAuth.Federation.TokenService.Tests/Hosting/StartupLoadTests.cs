using CertAuth.Federation.Storage.Hosting;
using CertAuth.Federation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// Issue 12 item 7: <c>AddTokenService</c> reads and writes no file (the request-signing certificate generated on first
/// run included) and throws for no setting; key material is loaded once at host start, where a missing file fails the
/// start naming the setting, and the options are validated once, at start.
/// </summary>
public sealed class StartupLoadTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-ts-startup-" + Guid.NewGuid().ToString("N"));

    public StartupLoadTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Registration_WithFilesThatDoNotExist_ReadsAndWritesNothing_AndTheStartNamesTheSetting()
    {
        var host = Host(Settings());
        string[]? filesBeforeStart = null;
        host.BeforeStart(_ =>
        {
            filesBeforeStart = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories);
            return Task.CompletedTask;
        });

        // The first load to run names its setting and its file (which one comes first is the host's order of start-up).
        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => host.StartAsync());
        var files = new Dictionary<string, string>
        {
            ["TokenService:JwtSigningCertificate"] = "missing-jwt.pfx",
            ["TokenService:TlsCertificate"] = "missing-tls.pfx",
            ["TokenService:Admin:ClientCaCertificate"] = "missing-admin-ca.cer",
            ["TokenService:DataProtection:Certificate"] = "missing-data-protection.pfx",
        };
        Assert.Contains(refused.Setting, files.Keys);
        Assert.StartsWith(refused.Setting + ": the file '" + Path.Combine(_folder, files[refused.Setting]) + "'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", refused.ToString(), StringComparison.Ordinal);

        // Registration, build and mapping went through (the kit's BeforeStart ran) and read nothing (a missing file would
        // have thrown) and wrote nothing: no data/ folder with a generated request-signing certificate, no database.
        Assert.NotNull(filesBeforeStart);
        Assert.Empty(filesBeforeStart);
    }

    [Fact]
    public async Task AMissingTlsCertificate_FailsTheStart_AfterTheRequestSigningCertificateIsGeneratedOnce()
    {
        var settings = Settings();
        foreach (var key in new[] { "TokenService:JwtSigningCertificate:Path", "TokenService:Admin:Enabled", "TokenService:DataProtection:Certificate:Path" })
        {
            settings.Remove(key);
        }

        var host = Host(settings);
        var generatedBeforeStart = true;
        host.BeforeStart(_ =>
        {
            generatedBeforeStart = Directory.Exists(Path.Combine(_folder, "data"));
            return Task.CompletedTask;
        });

        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => host.StartAsync());

        Assert.Equal("TokenService:TlsCertificate", refused.Setting);
        Assert.StartsWith("TokenService:TlsCertificate:", refused.Message, StringComparison.Ordinal);
        // The first-run generation happens at start (before issue 12 item 7: at registration), in the data folder.
        Assert.False(generatedBeforeStart);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "token-service-request-signing.pfx")));
    }

    [Fact]
    public async Task AnInvalidOption_DoesNotFailTheRegistration_AndFailsTheStartOnce_BeforeAnyFileIsRead()
    {
        var settings = Settings();
        settings["TokenService:AccessTokenLifetime"] = "00:00:01";
        // Data protection's key manager is built with the hosted services (before the options are validated): without a
        // data-protection certificate configured, nothing but the options can fail this start.
        settings.Remove("TokenService:DataProtection:Certificate:Path");
        var host = Host(settings);
        var counter = new CountingValidator();
        host.ConfigureServices(services => services.AddSingleton<IValidateOptions<TokenServiceOptions>>(counter));

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Single(refused.Failures, f => f.StartsWith("TokenService:AccessTokenLifetime must be between", StringComparison.Ordinal));
        Assert.Equal(1, counter.Calls);
        Assert.False(File.Exists(Path.Combine(_folder, "data", "token-service-request-signing.pfx")));
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

    private Dictionary<string, string?> Settings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["TokenService:PublicUrl"] = $"https://localhost:{LoopbackPort.Next()}",
        ["TokenService:TlsCertificate:Path"] = "missing-tls.pfx",
        ["TokenService:JwtSigningCertificate:Path"] = "missing-jwt.pfx",
        ["TokenService:Admin:Enabled"] = "true",
        ["TokenService:Admin:Url"] = $"https://localhost:{LoopbackPort.Next()}",
        ["TokenService:Admin:ClientCaCertificate"] = "missing-admin-ca.cer",
        ["TokenService:DataProtection:Certificate:Path"] = "missing-data-protection.pfx",
        ["Storage:Provider"] = "Sqlite",
        ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_folder, "certauth.db"),
    };

    /// <summary>The test kit's host builder over <paramref name="settings"/> (it registers, builds, maps and starts the role).</summary>
    private LoopbackHostBuilder Host(Dictionary<string, string?> settings)
    {
        var host = new LoopbackHostBuilder(LoopbackRole.TokenService, _folder) { WaitForCrlPreload = false };
        foreach (var (key, value) in settings)
        {
            host.Settings[key] = value;
        }

        return host;
    }

    private sealed class CountingValidator : IValidateOptions<TokenServiceOptions>
    {
        public int Calls { get; private set; }

        public ValidateOptionsResult Validate(string? name, TokenServiceOptions options)
        {
            Calls++;
            return ValidateOptionsResult.Success;
        }
    }
}
