namespace CertAuth.Federation.Protocols.Saml;

/// <summary>An attribute statement (Core §2.7.3).</summary>
public sealed class AttributeStatement
{
    /// <summary>Attributes.</summary>
    public IList<SamlAttribute> Attributes { get; } = new List<SamlAttribute>();
}
