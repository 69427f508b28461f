namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>An indexed endpoint (Metadata §2.2.3).</summary>
public sealed class IndexedSamlEndpoint
{
    /// <summary>Binding URI.</summary>
    public string Binding { get; set; } = string.Empty;

    /// <summary>Location URL.</summary>
    public string Location { get; set; } = string.Empty;

    /// <summary>Index.</summary>
    public int Index { get; set; }

    /// <summary>Whether this is the default endpoint.</summary>
    public bool IsDefault { get; set; }
}
