namespace CertAuth.Federation.Server.Endpoints;

/// <summary>What an error page shows: a stable code, plain advice, and the references the help desk needs.</summary>
public sealed record ErrorPageModel(string Code, string Title, string Advice, string CorrelationId, DateTimeOffset Timestamp, string? Detail);
