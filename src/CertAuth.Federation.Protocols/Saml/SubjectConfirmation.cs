namespace CertAuth.Federation.Protocols.Saml;

/// <summary>A subject confirmation (Core §2.4.1.1).</summary>
public sealed class SubjectConfirmation
{
    /// <summary>Confirmation method, see <see cref="SubjectConfirmationMethods"/>.</summary>
    public string Method { get; set; } = SubjectConfirmationMethods.Bearer;

    /// <summary>Confirmation data, if any.</summary>
    public SubjectConfirmationData? Data { get; set; }
}
