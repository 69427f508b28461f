namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Subject confirmation data (Core §2.4.1.2).</summary>
public sealed class SubjectConfirmationData
{
    /// <summary>Not valid before this instant.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Not valid on or after this instant.</summary>
    public DateTimeOffset? NotOnOrAfter { get; set; }

    /// <summary>The endpoint the assertion may be delivered to.</summary>
    public string? Recipient { get; set; }

    /// <summary>ID of the request this assertion answers.</summary>
    public string? InResponseTo { get; set; }
}
