namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The folder that relative paths in the <c>TokenService</c> section are resolved against.</summary>
public sealed record TokenServiceContentRoot(string Path);
