namespace CertAuth.Federation.Protocols.Saml;

/// <summary>A SAML 2.0 assertion (Core §2.3.3). Plain data: reading, writing and validation live elsewhere.</summary>
public sealed class Assertion
{
    /// <summary>Unique identifier (xs:ID; starts with a letter or underscore).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Time of issue (UTC).</summary>
    public DateTimeOffset IssueInstant { get; set; }

    /// <summary>Entity id of the issuer.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The subject, if any.</summary>
    public Subject? Subject { get; set; }

    /// <summary>Conditions, if any.</summary>
    public Conditions? Conditions { get; set; }

    /// <summary>Authentication statements.</summary>
    public IList<AuthnStatement> AuthnStatements { get; } = new List<AuthnStatement>();

    /// <summary>Attribute statement (all attributes; several statements are merged when read).</summary>
    public AttributeStatement? AttributeStatement { get; set; }
}
