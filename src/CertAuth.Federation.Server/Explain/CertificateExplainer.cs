using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;

namespace CertAuth.Federation.Server.Explain;

/// <summary>
/// Explains what a certificate sign-in would do, step by step, without signing anyone in (issue 15). It runs the
/// sign-in's own steps — <see cref="CertificateSignInService.ValidateCertificateAsync"/> (the certificate validator,
/// traced rule by rule, with the CRL checks of the server's CRL cache), <see cref="CertificateSignInService.FindUserAsync"/>
/// and <see cref="ClaimsIssuancePolicy.Issue"/> — and combines them with <see cref="CertificateSignInService.Decide"/>,
/// the rule the sign-in uses, so the explanation cannot drift from the sign-in. Reads only: no token is issued, nothing
/// is logged as accepted or refused. CRLs are obtained as the sign-in obtains them (the cache, downloading when needed).
/// </summary>
public sealed class CertificateExplainer(
    CertificateSignInService signIn,
    ClaimsIssuancePolicy claimsPolicy,
    IRelyingPartyResolver relyingParties,
    ICrlCache crlCache,
    TimeProvider timeProvider)
{
    private static readonly string[] ValidatorSteps =
    [
        CertificateValidationSteps.Chain,
        CertificateValidationSteps.Validity,
        CertificateValidationSteps.KeyPolicy,
        CertificateValidationSteps.ExtendedKeyUsage,
        CertificateValidationSteps.IssuerConstraints,
    ];

    /// <summary>
    /// Explains <paramref name="certificate"/>; with <paramref name="relyingParty"/> (an entity id) also the claims that
    /// party would receive. An unknown relying party gives the outcome the sign-in would (CAF1201).
    /// </summary>
    public async Task<CertificateExplanation> ExplainAsync(X509Certificate2 certificate, string? relyingParty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = timeProvider.GetUtcNow();

        // As CertificateSignInHandler: the relying party is resolved before the certificate is looked at.
        RelyingPartyTrust? trust = null;
        SignInError? relyingPartyError = null;
        if (!string.IsNullOrWhiteSpace(relyingParty))
        {
            trust = await relyingParties.ResolveAsync(relyingParty.Trim(), cancellationToken);
            relyingPartyError = trust is null ? new SignInError(SignInErrorCode.RelyingPartyUnknown, $"No relying party '{relyingParty.Trim()}' is trusted.") : null;
        }

        var trace = new CertificateValidationTrace();
        var certificateError = await signIn.ValidateCertificateAsync(certificate, trace, cancellationToken);
        var lookup = await signIn.FindUserAsync(certificate, cancellationToken);
        var decisionError = CertificateSignInService.Decide(certificateError, lookup) is CertificateSignInResult.Refused refused ? refused.Error : null;
        var error = relyingPartyError ?? decisionError;

        var steps = new List<ExplanationStep>();
        foreach (var name in ValidatorSteps)
        {
            steps.Add(StepOf(trace, name));
        }

        var revocation = trace.Revocation.Select(r => Describe(r, now)).ToList();
        steps.Add(RevocationStep(trace, revocation));
        steps.Add(UserStep(lookup));

        IReadOnlyList<IssuedClaim>? claims = null;
        if (trust is not null && lookup.User is not null)
        {
            claims = claimsPolicy.Issue(trust, lookup.User, certificate);
            steps.Add(new ExplanationStep("claims", decisionError is null ? ExplanationVerdict.Pass : ExplanationVerdict.Skipped,
                string.Create(CultureInfo.InvariantCulture, $"{claims.Count} claims for '{trust.EntityId}'")
                + (decisionError is null ? "." : " (not issued: the sign-in is refused).")));
        }
        else
        {
            steps.Add(new ExplanationStep("claims", ExplanationVerdict.Skipped,
                trust is null ? "No relying party chosen (or it is not trusted)." : "No user: nothing would be issued."));
        }

        return new CertificateExplanation
        {
            Subject = certificate.Subject,
            Issuer = certificate.Issuer,
            SerialNumber = certificate.SerialNumber,
            Thumbprint = certificate.Thumbprint,
            NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            At = now,
            RelyingParty = trust?.EntityId ?? relyingParty?.Trim(),
            Chain = DescribeChain(trace),
            Steps = steps,
            Revocation = revocation,
            User = lookup.User?.Upn,
            MappedBy = lookup.MatchedBy?.ToString(),
            MappedValue = lookup.MatchedValue,
            Claims = claims,
            Outcome = error is null
                ? new SignInOutcomeExplanation(true, null, null, null, null, trust?.Theme, null)
                : new SignInOutcomeExplanation(false, error.DisplayCode, error.HttpStatus,
                    SignInErrorTexts.CategoryOf(error.Code).ToString().ToLowerInvariant(), SignInErrorTexts.Key(error.Code, "title"), trust?.Theme, error.Detail),
        };
    }

    private static ExplanationStep StepOf(CertificateValidationTrace trace, string name)
    {
        if (!trace.Evaluated(name))
        {
            return new ExplanationStep(name, ExplanationVerdict.Skipped, "Not evaluated: the chain could not be built.");
        }

        return trace.FailureOf(name) is { } failure
            ? new ExplanationStep(name, ExplanationVerdict.Fail, $"{failure.Code}: {failure.Detail}")
            : new ExplanationStep(name, ExplanationVerdict.Pass, name switch
            {
                CertificateValidationSteps.Chain => "Chains to a configured root CA; every CA in the chain is configured.",
                CertificateValidationSteps.Validity => "Every certificate in the chain is within its validity period.",
                CertificateValidationSteps.KeyPolicy => "Key types and sizes and signature algorithms meet the policy.",
                CertificateValidationSteps.ExtendedKeyUsage => "The certificate allows client authentication.",
                _ => "The issuing CA's constraints are met.",
            });
    }

    private static ExplanationStep RevocationStep(CertificateValidationTrace trace, IReadOnlyList<CrlCheckExplanation> checks)
    {
        if (checks.Count == 0)
        {
            return new ExplanationStep("revocation", ExplanationVerdict.Skipped,
                trace.Chain.Count > 1 ? "No certificate of the chain was issued by a configured CA." : "Not checked: the issuer is not a configured CA.");
        }

        var bad = checks.FirstOrDefault(c => c.Status is nameof(RevocationStatus.Revoked) or nameof(RevocationStatus.Unknown));
        if (bad is not null)
        {
            var detail = bad.Status == nameof(RevocationStatus.Revoked)
                ? string.Create(CultureInfo.InvariantCulture, $"The {bad.CertificateRole} certificate (serial {bad.SerialNumber}) is revoked since {bad.RevokedAt:u} on CRL number {bad.CrlNumber ?? "-"} of CA '{bad.AuthorityId}'.")
                : $"The revocation status of the {bad.CertificateRole} certificate is unknown at CA '{bad.AuthorityId}': {bad.Problem}";
            return new ExplanationStep("revocation", ExplanationVerdict.Fail, detail);
        }

        return new ExplanationStep("revocation", ExplanationVerdict.Pass, string.Join("; ", checks.Select(c => c.Status == nameof(RevocationStatus.NotChecked)
            ? $"{c.CertificateRole}: not checked (CA '{c.AuthorityId}' has no CRL URL)"
            : $"{c.CertificateRole}: good on CRL number {c.CrlNumber ?? "-"} of CA '{c.AuthorityId}'")) + ".");
    }

    private static ExplanationStep UserStep(CertificateUserLookup lookup) => lookup switch
    {
        { Error: { } error } => new ExplanationStep("user", ExplanationVerdict.Fail, $"{error.DisplayCode}: {error.Detail}"),
        { User: { } user } => new ExplanationStep("user", ExplanationVerdict.Pass, $"Maps to '{user.Upn}' by {lookup.MatchedBy} '{lookup.MatchedValue}'."),
        _ => new ExplanationStep("user", ExplanationVerdict.Skipped, "No user."),
    };

    private static IReadOnlyList<ChainLinkExplanation> DescribeChain(CertificateValidationTrace trace)
    {
        var links = new List<ChainLinkExplanation>();
        for (var i = 0; i < trace.Chain.Count; i++)
        {
            var link = trace.Chain[i];
            if (i == 0)
            {
                links.Add(new ChainLinkExplanation(link.Role, link.Certificate.Subject, link.Certificate.Thumbprint, link.Authority?.Id, null, "The certificate presented."));
                continue;
            }

            links.Add(link.Authority is { } authority
                ? new ChainLinkExplanation(link.Role, link.Certificate.Subject, link.Certificate.Thumbprint, authority.Id, true,
                    authority.AuthorityType == CertificateAuthorityType.RootAuthority ? "Configured as a trusted root CA." : "Configured as a trusted intermediate CA.")
                : new ChainLinkExplanation(link.Role, link.Certificate.Subject, link.Certificate.Thumbprint, null, false,
                    "Not configured as a trusted CA."));
        }

        // A chain that stops before a self-issued certificate: the issuer was not found among the configured CAs.
        if (trace.Chain.Count > 0 && trace.Chain[^1].Certificate is { } last && !last.SubjectName.RawData.AsSpan().SequenceEqual(last.IssuerName.RawData))
        {
            links.Add(new ChainLinkExplanation("issuer", last.Issuer, null, null, false,
                "Not found among the configured trusted CAs: the chain does not reach a configured root."));
        }

        return links;
    }

    private CrlCheckExplanation Describe(CertificateRevocationOutcome outcome, DateTimeOffset now)
    {
        var authority = outcome.Authority;
        var status = authority.CrlDistributionPoint is null ? null : crlCache.GetStatus(authority.Id);
        return new CrlCheckExplanation(
            authority.Id,
            outcome.Role,
            outcome.Certificate.SerialNumber,
            outcome.Result.Status.ToString(),
            authority.CrlDistributionPoint?.AbsoluteUri,
            status?.CrlNumber?.ToString(CultureInfo.InvariantCulture),
            status?.ThisUpdate,
            status?.NextUpdate,
            status?.ThisUpdate is { } thisUpdate ? (long)(now - thisUpdate).TotalSeconds : null,
            status?.ThisUpdate is null ? null : status.Entries,
            status?.DeltaCrlNumber?.ToString(CultureInfo.InvariantCulture),
            authority.DeltaCrlDistributionPoint is null ? null : status?.DeltaEntries,
            outcome.Result.RevocationDate,
            outcome.Result.UsedGracePeriod,
            outcome.Result.Failure?.ToString());
    }
}
