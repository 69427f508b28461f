namespace CertAuth.Federation.Protocols.Tests.TestKit;

internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
