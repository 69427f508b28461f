using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>The names of the rule groups <see cref="ClientCertificateValidator"/> records in a <see cref="CertificateValidationTrace"/>.</summary>
public static class CertificateValidationSteps
{
    /// <summary>Path to a configured root, every CA configured, basic constraints, other chain errors.</summary>
    public const string Chain = "chain";

    /// <summary>Validity period of every certificate in the chain.</summary>
    public const string Validity = "validity";

    /// <summary>Key algorithms and sizes, signature algorithms.</summary>
    public const string KeyPolicy = "key-policy";

    /// <summary>The client-authentication extended key usage of the leaf.</summary>
    public const string ExtendedKeyUsage = "eku";

    /// <summary>The issuing CA's constraints (authority key identifier, TrustedIssuer, TrustedIssuerSki).</summary>
    public const string IssuerConstraints = "issuer-constraints";
}

/// <summary>One certificate of the built chain (leaf first) and the configured CA it matched, if any.</summary>
/// <param name="Certificate">The certificate (public part).</param>
/// <param name="Role"><c>client</c>, <c>intermediate CA</c> or <c>root CA</c>.</param>
/// <param name="Authority">The configured trusted CA with exactly this certificate; null when not configured.</param>
public sealed record CertificateChainLink(X509Certificate2 Certificate, string Role, TrustedCertificateAuthority? Authority);

/// <summary>The outcome of one rule of the validator: <paramref name="Failure"/> is null when the rule passed.</summary>
/// <param name="Step">One of <see cref="CertificateValidationSteps"/>.</param>
/// <param name="Failure">The rule's refusal, or null.</param>
public sealed record CertificateRuleOutcome(string Step, CertificateFailure? Failure);

/// <summary>The revocation check of one certificate of the chain against its issuing CA's CRLs.</summary>
/// <param name="Authority">The configured CA whose CRL decides.</param>
/// <param name="Certificate">The certificate checked (the leaf or an intermediate).</param>
/// <param name="Role">The checked certificate's role in the chain.</param>
/// <param name="Result">The checker's answer (<see cref="RevocationStatus.NotChecked"/> when the CA has no CRL URL).</param>
public sealed record CertificateRevocationOutcome(TrustedCertificateAuthority Authority, X509Certificate2 Certificate, string Role, RevocationCheckResult Result);

/// <summary>
/// What <see cref="ClientCertificateValidator"/> did, rule by rule, for one certificate ("explain this certificate",
/// issue 15). Pass one to <see cref="IClientCertificateValidator.ValidateAsync(X509Certificate2, X509Certificate2Collection?, CertificateValidationTrace?, CancellationToken)"/>:
/// the verdict stays the first failure, as at sign-in, but every rule is evaluated and recorded (also after the first
/// failure, on the chain as far as it was built) so an administrator sees everything that is wrong at once. Tracing
/// logs no acceptance or rejection: it is not a sign-in.
/// </summary>
public sealed class CertificateValidationTrace
{
    private readonly List<CertificateChainLink> _chain = [];
    private readonly List<CertificateRuleOutcome> _rules = [];
    private readonly List<CertificateRevocationOutcome> _revocation = [];

    /// <summary>The chain as built, leaf first; partial when it does not reach a configured root.</summary>
    public IReadOnlyList<CertificateChainLink> Chain => _chain;

    /// <summary>Every rule evaluated, in the validator's order.</summary>
    public IReadOnlyList<CertificateRuleOutcome> Rules => _rules;

    /// <summary>The revocation check of each non-root certificate whose issuer is a configured CA.</summary>
    public IReadOnlyList<CertificateRevocationOutcome> Revocation => _revocation;

    /// <summary>The first failure recorded for <paramref name="step"/>, or null when all its rules passed.</summary>
    public CertificateFailure? FailureOf(string step) => _rules.FirstOrDefault(r => r.Step == step && r.Failure is not null)?.Failure;

    /// <summary>True when at least one rule of <paramref name="step"/> was evaluated.</summary>
    public bool Evaluated(string step) => _rules.Any(r => r.Step == step);

    internal void SetChain(IEnumerable<CertificateChainLink> links)
    {
        _chain.Clear();
        _chain.AddRange(links);
    }

    internal void Record(string step, CertificateFailure? failure) => _rules.Add(new CertificateRuleOutcome(step, failure));

    internal void Record(CertificateRevocationOutcome outcome) => _revocation.Add(outcome);
}
