namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>A NameID policy (Core §3.4.1.1).</summary>
public sealed class NameIdPolicy
{
    /// <summary>Requested NameID format.</summary>
    public string? Format { get; set; }

    /// <summary>Whether the IdP may create a new identifier.</summary>
    public bool? AllowCreate { get; set; }
}
