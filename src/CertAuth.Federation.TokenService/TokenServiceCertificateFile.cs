namespace CertAuth.Federation.TokenService;

/// <summary>A certificate file named in configuration: a PFX with its password, or a DER/PEM public certificate.</summary>
public sealed class TokenServiceCertificateFile
{
    /// <summary>Path, relative to the content root or absolute.</summary>
    public string? Path { get; set; }

    /// <summary>PFX password.</summary>
    public string? Password { get; set; }
}
