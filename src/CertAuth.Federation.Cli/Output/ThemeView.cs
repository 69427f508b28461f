namespace CertAuth.Federation.Cli.Output;

/// <summary>A theme as <c>theme list --json</c> prints it.</summary>
internal sealed record ThemeView(string Name, string? CompanyName, IReadOnlyList<string> Locales, bool HasViews, bool Active, bool BuiltIn);
