namespace CertAuth.Federation.Storage.Hosting;

/// <summary>
/// A role cannot start because a configured file (certificate, key, admin CA) is missing or unreadable (issue 12 item 7).
/// Thrown at host start by the start-up load (<see cref="StartupLoadServiceCollectionExtensions.AddStartupLoad"/>), never
/// by service registration; the message names the setting and the file, and the host prints it without a stack trace.
/// </summary>
public sealed class StartupConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="setting"/> (e.g. <c>Federation:SigningCertificate</c>).</summary>
    public StartupConfigurationException(string setting, string message, Exception? inner = null)
        : base(message, inner)
    {
        Setting = setting;
    }

    /// <summary>The configuration key whose file could not be used.</summary>
    public string Setting { get; }

    /// <summary>
    /// The type and message only: this is an operator's configuration error, not a bug, and the host's own "failed to
    /// start" log line prints an exception with <see cref="ToString"/> — no stack trace reaches the console.
    /// </summary>
    public override string ToString() => $"{GetType().FullName}: {Message}";
}
