namespace CertAuth.Federation.Cli;

/// <summary>A request the CLI refuses (invalid input, not found, duplicate). Printed as one line; exit code 1.</summary>
internal sealed class CliRefusedException(string message) : Exception(message);
