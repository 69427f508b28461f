namespace CertAuth.Federation.Protocols.Saml;

/// <summary>A name identifier (Core §2.2.3).</summary>
public sealed class NameId
{
    /// <summary>The identifier value (the full text content).</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>Format URI, see <see cref="NameIdFormats"/>.</summary>
    public string? Format { get; set; }

    /// <summary>Name qualifier.</summary>
    public string? NameQualifier { get; set; }

    /// <summary>SP name qualifier.</summary>
    public string? SPNameQualifier { get; set; }
}
