namespace CertAuth.Federation.Server.Hosting;

/// <summary>The folder that relative paths in appsettings.json are resolved against.</summary>
public sealed record ContentRoot(string Path);
