namespace CertAuth.Federation.Protocols.Saml;

/// <summary>An attribute with string values (Core §2.7.3.1).</summary>
public sealed class SamlAttribute
{
    /// <summary>Attribute name (a claim type URI when <see cref="NameFormat"/> is the URI format).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Name format, see <see cref="AttributeNameFormats"/>.</summary>
    public string? NameFormat { get; set; }

    /// <summary>Friendly name, if any.</summary>
    public string? FriendlyName { get; set; }

    /// <summary>Values (the full text content of each AttributeValue).</summary>
    public IList<string> Values { get; } = new List<string>();
}
