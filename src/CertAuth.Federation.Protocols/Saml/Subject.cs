namespace CertAuth.Federation.Protocols.Saml;

/// <summary>The subject of an assertion (Core §2.4.1).</summary>
public sealed class Subject
{
    /// <summary>The name identifier, if any.</summary>
    public NameId? NameId { get; set; }

    /// <summary>Subject confirmations.</summary>
    public IList<SubjectConfirmation> SubjectConfirmations { get; } = new List<SubjectConfirmation>();
}
