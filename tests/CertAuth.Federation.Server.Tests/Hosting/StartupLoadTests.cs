using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        var builder = Builder(Settings());

        builder.AddFederationServer();
        await using var app = builder.Build();
        app.MapFederationServer();

        // Registration, build and mapping touched no file: none of the missing ones was read (that would have thrown), and
        // the content root holds no file (no database, no generated key, no key ring).
        Assert.Empty(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories));
        Assert.Equal(["themes"], CreatedEntries());

        // The first load to run names its setting and its file (which one comes first is the host's order of start-up).
        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => app.StartAsync());
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

        var builder = Builder(settings);
        builder.AddFederationServer();
        await using var app = builder.Build();
        app.MapFederationServer();

        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => app.StartAsync());

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
        var builder = Builder(settings);
        var counter = new CountingValidator();

        builder.AddFederationServer();
        builder.Services.AddSingleton<IValidateOptions<FederationServerOptions>>(counter);
        await using var app = builder.Build();
        app.MapFederationServer();

        // The start fails with the option's message, once; the validators ran once; no key was loaded.
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
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
        var builder = Builder(settings);

        builder.AddFederationServer();
        await using var app = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
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

    private WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        return builder;
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
