namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Status of a response (Core §3.2.2.1).</summary>
public sealed class SamlStatus
{
    /// <summary>Top-level status code.</summary>
    public string StatusCode { get; set; } = SamlStatusCodes.Success;

    /// <summary>Second-level status code, if any.</summary>
    public string? SecondLevelStatusCode { get; set; }

    /// <summary>Human-readable message, if any.</summary>
    public string? StatusMessage { get; set; }
}
