namespace CertAuth.Federation.SampleApp;

/// <summary>A result shown on the page: success text, or an OAuth error code and description.</summary>
public sealed record SampleMessage(bool Success, string Text, string? ErrorCode = null, string? ErrorDescription = null);
