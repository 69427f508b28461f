namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Requested authentication context (Core §3.3.2.2.1), class references only.</summary>
public sealed class RequestedAuthnContext
{
    /// <summary>Comparison: exact (default), minimum, maximum or better.</summary>
    public string? Comparison { get; set; }

    /// <summary>Requested class references.</summary>
    public IList<string> AuthnContextClassRefs { get; } = new List<string>();
}
