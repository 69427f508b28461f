using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Infrastructure;

/// <summary>The library wired through <c>AddCertificateValidation</c> with a fake clock and an in-memory CA list.</summary>
internal sealed class CertificateServices : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public CertificateServices(TimeProvider? clock = null, Action<CertificateValidationBuilder>? configure = null)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton(Clock);
        services.AddSingleton<ITrustedAuthoritySource>(Authorities);
        services.AddCertificateValidation(configure);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public TimeProvider Clock { get; }

    public FakeTimeProvider FakeClock => (FakeTimeProvider)Clock;

    public InMemoryTrustedAuthoritySource Authorities { get; } = new();

    public IClientCertificateValidator Validator => _provider.GetRequiredService<IClientCertificateValidator>();

    public ICrlCache Cache => _provider.GetRequiredService<ICrlCache>();

    public IRevocationChecker Checker => _provider.GetRequiredService<IRevocationChecker>();

    public ICrlStateStore StateStore => _provider.GetRequiredService<ICrlStateStore>();

    public CrlDownloader Downloader => _provider.GetRequiredService<CrlDownloader>();

    public CertificateUserMapper Mapper => _provider.GetRequiredService<CertificateUserMapper>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
