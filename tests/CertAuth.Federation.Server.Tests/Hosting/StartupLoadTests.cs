using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Hosting;
using CertAuth.Federation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Tests.Hosting;

/// <summary>
/// Issue 12 item 7: <c>AddFederationServer</c> reads no file and throws for no setting; the certificates (TLS, token
/// signing, admin CA, data protection) are loaded once at host start, where a missing file fails the start with a
/// <see cref="StartupConfigurationException"/> naming the setting and the file, and the options are validated once, at
/// start, before any file is read.
/// </summary>
public sealed class StartupLoadTests : IDisposable
{
    private const string Password = "startup-test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-startup-" + Guid.NewGuid().ToString("N"));

    public StartupLoadTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Registration_WithFilesThatDoNotExist_ReadsAndWritesNothing_AndTheStartNamesTheSetting()
    {
        var host = Host(Settings());
        string[]? filesBeforeStart = null;
        string[]? entriesBeforeStart = null;
        host.BeforeStart(_ =>
        {
            filesBeforeStart = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories);
            entriesBeforeStart = CreatedEntries();
            return Task.CompletedTask;
        });

        // The first load to run names its setting and its file (which one comes first is the host's order of start-up).
        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => host.StartAsync());
        var files = new Dictionary<string, string>
        {
            ["Federation:TlsCertificate"] = "missing-tls.pfx",
            ["Federation:SigningCertificate"] = "missing-signing.pfx",
            ["Federation:Admin:ClientCaCertificate"] = "missing-admin-ca.cer",
            ["Federation:DataProtection:Certificate"] = "missing-data-protection.pfx",
        };
        Assert.Contains(refused.Setting, files.Keys);
        Assert.StartsWith(refused.Setting + ": the file '" + Path.Combine(_folder, files[refused.Setting]) + "'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);

        // Registration, build and mapping went through (the kit's BeforeStart ran) and touched no file: none of the missing
        // ones was read (that would have thrown), and the content root held no file (no database, no generated key, no key
        // ring) — only the theme catalog's empty folder.
        Assert.NotNull(filesBeforeStart);
        Assert.Empty(filesBeforeStart);
        Assert.Equal(["themes"], entriesBeforeStart!);
        Assert.DoesNotContain(" at ", refused.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Federation:SigningCertificate")]
    [InlineData("Federation:Admin:ClientCaCertificate")]
    [InlineData("Federation:DataProtection:Certificate")]
    public async Task AMissingFile_FailsTheStart_NamingItsSetting(string setting)
    {
        var settings = Settings();
        WritePfx("tls.pfx", "CN=localhost", ca: false);
        settings["Federation:TlsCertificate:Path"] = "tls.pfx";
        if (setting != "Federation:SigningCertificate")
        {
            WritePfx("signing.pfx", "CN=signing", ca: false);
            settings["Federation:SigningCertificate:Path"] = "signing.pfx";
        }

        // Only the file under test is missing: the others are valid or not configured.
        if (setting != "Federation:Admin:ClientCaCertificate")
        {
            settings.Remove("Federation:Admin:Enabled");
            settings.Remove("Federation:Admin:Url");
            settings.Remove("Federation:Admin:ClientCaCertificate");
        }

        if (setting != "Federation:DataProtection:Certificate")
        {
            settings.Remove("Federation:DataProtection:Certificate:Path");
            settings["Federation:DataProtectionKeysPath"] = "keys";
        }

        var host = Host(settings);

        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => host.StartAsync());

        Assert.Equal(setting, refused.Setting);
        Assert.StartsWith(setting + ":", refused.Message, StringComparison.Ordinal);
        Assert.Contains("missing-", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidOption_DoesNotFailTheRegistration_AndFailsTheStartOnce_BeforeAnyFileIsRead()
    {
        var settings = Settings();
        settings["Federation:ClockSkew"] = "01:00:00";
        // Data protection's key manager is built with the hosted services (before the options are validated): without a
        // data-protection certificate configured, nothing but the options can fail this start.
        settings.Remove("Federation:DataProtection:Certificate:Path");
        var host = Host(settings);
        var counter = new CountingValidator();
        host.ConfigureServices(services => services.AddSingleton<IValidateOptions<FederationServerOptions>>(counter));

        // The start fails with the option's message, once; the validators ran once; no key was loaded.
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Single(refused.Failures, f => f == "Federation:ClockSkew must be between 0 and 30 minutes.");
        Assert.Equal(1, counter.Calls);
        Assert.Empty(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ConfigureKestrelOff_WithoutAClientCertificateSource_IsRefusedAtStart_NotAtRegistration()
    {
        var settings = Settings();
        settings["Federation:ConfigureKestrel"] = "false";
        settings.Remove("Federation:DataProtection:Certificate:Path");
        settings.Remove("Federation:Admin:Enabled");
        var host = Host(settings);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(refused.Failures, f => f.StartsWith("Federation:ConfigureKestrel is false, but nothing can give the certificate sign-in a client certificate", StringComparison.Ordinal));
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

    /// <summary>What the host created in the content root (only the theme catalog's empty folder is expected).</summary>
    private string[] CreatedEntries() => [.. Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private Dictionary<string, string?> Settings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Federation:PublicUrl"] = $"https://localhost:{FreePort.Next()}",
        ["Federation:CertificateSignInUrl"] = $"https://localhost:{FreePort.Next()}",
        ["Federation:TlsCertificate:Path"] = "missing-tls.pfx",
        ["Federation:TlsCertificate:Password"] = Password,
        ["Federation:SigningCertificate:Path"] = "missing-signing.pfx",
        ["Federation:SigningCertificate:Password"] = Password,
        ["Federation:Admin:Enabled"] = "true",
        ["Federation:Admin:Url"] = $"https://localhost:{FreePort.Next()}",
        ["Federation:Admin:ClientCaCertificate"] = "missing-admin-ca.cer",
        ["Federation:DataProtection:Certificate:Path"] = "missing-data-protection.pfx",
        ["Storage:Provider"] = "Sqlite",
        ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_folder, "certauth.db"),
    };

    /// <summary>The test kit's host builder over <paramref name="settings"/> (it registers, builds, maps and starts the role).</summary>
    private LoopbackHostBuilder Host(Dictionary<string, string?> settings)
    {
        var host = new LoopbackHostBuilder(LoopbackRole.FederationServer, _folder) { WaitForCrlPreload = false };
        foreach (var (key, value) in settings)
        {
            host.Settings[key] = value;
        }

        return host;
    }

    private void WritePfx(string fileName, string subject, bool ca)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllBytes(Path.Combine(_folder, fileName), certificate.Export(X509ContentType.Pfx, Password));
    }

    private sealed class CountingValidator : IValidateOptions<FederationServerOptions>
    {
        public int Calls { get; private set; }

        public ValidateOptionsResult Validate(string? name, FederationServerOptions options)
        {
            Calls++;
            return ValidateOptionsResult.Success;
        }
    }
}
