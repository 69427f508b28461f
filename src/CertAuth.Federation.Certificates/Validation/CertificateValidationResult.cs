using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>Outcome of <see cref="IClientCertificateValidator.ValidateAsync"/>. Fails closed: only <see cref="Success"/> sets <see cref="Succeeded"/>.</summary>
public sealed record CertificateValidationResult
{
    private CertificateValidationResult()
    {
    }

    /// <summary>True when every rule passed.</summary>
    public bool Succeeded { get; private init; }

    /// <summary>The rejection, when <see cref="Succeeded"/> is false.</summary>
    public CertificateFailure? Failure { get; private init; }

    /// <summary>The configured CA that issued the certificate (when the chain got that far).</summary>
    public TrustedCertificateAuthority? IssuingAuthority { get; private init; }

    /// <summary>The chain built, leaf first, root last (may be partial on failure).</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; private init; } = [];

    /// <summary>Creates a success.</summary>
    public static CertificateValidationResult Success(TrustedCertificateAuthority issuingAuthority, IReadOnlyList<X509Certificate2> chain)
        => new() { Succeeded = true, IssuingAuthority = issuingAuthority, Chain = chain };

    /// <summary>Creates a failure.</summary>
    public static CertificateValidationResult Fail(
        CertificateFailureReason reason, string detail, IReadOnlyList<X509Certificate2>? chain = null, TrustedCertificateAuthority? issuingAuthority = null)
        => new() { Failure = new CertificateFailure(reason, detail), Chain = chain ?? [], IssuingAuthority = issuingAuthority };
}
