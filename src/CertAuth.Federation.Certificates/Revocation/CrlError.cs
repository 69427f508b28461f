namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>A typed CRL problem with a safe, loggable detail (no key material, no response bodies).</summary>
/// <param name="Code">The stable reason.</param>
/// <param name="Detail">Human-readable detail for logs and the CLI.</param>
public sealed record CrlError(CrlErrorCode Code, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Detail}";
}
