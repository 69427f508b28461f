using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>An options monitor over one instance the test changes in place (the caches read <c>CurrentValue</c> per call).</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
