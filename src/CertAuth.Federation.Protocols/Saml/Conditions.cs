namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Conditions of an assertion (Core §2.5.1).</summary>
public sealed class Conditions
{
    /// <summary>Not valid before this instant.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Not valid on or after this instant.</summary>
    public DateTimeOffset? NotOnOrAfter { get; set; }

    /// <summary>Audience restrictions; each one must be satisfied (Core §2.5.1.4).</summary>
    public IList<AudienceRestriction> AudienceRestrictions { get; } = new List<AudienceRestriction>();
}
