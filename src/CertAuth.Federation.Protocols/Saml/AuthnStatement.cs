namespace CertAuth.Federation.Protocols.Saml;

/// <summary>An authentication statement (Core §2.7.2).</summary>
public sealed class AuthnStatement
{
    /// <summary>When the subject authenticated.</summary>
    public DateTimeOffset AuthnInstant { get; set; }

    /// <summary>Session index, if any.</summary>
    public string? SessionIndex { get; set; }

    /// <summary>End of the session, if any.</summary>
    public DateTimeOffset? SessionNotOnOrAfter { get; set; }

    /// <summary>Authentication context class, see <see cref="AuthnContextClasses"/>.</summary>
    public string? AuthnContextClassRef { get; set; }
}
