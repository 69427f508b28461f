namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>An endpoint (Metadata §2.2.2).</summary>
public sealed class SamlEndpoint
{
    /// <summary>Binding URI.</summary>
    public string Binding { get; set; } = string.Empty;

    /// <summary>Location URL.</summary>
    public string Location { get; set; } = string.Empty;
}
