namespace CertAuth.Federation.Protocols.Saml;

/// <summary>An audience restriction: the assertion is addressed to any one of these audiences (Core §2.5.1.4).</summary>
public sealed class AudienceRestriction
{
    /// <summary>Audience URIs.</summary>
    public IList<string> Audiences { get; } = new List<string>();
}
