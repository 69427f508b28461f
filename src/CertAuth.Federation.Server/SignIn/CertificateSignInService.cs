using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Validation;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Checks a presented client certificate (chain to a trusted CA, client-auth EKU, validity, CRL) and maps it to an
/// enabled directory user (SAN UPN, then SAN RFC822, in the configured order). The two steps are public so that
/// "explain this certificate" (<see cref="Explain.CertificateExplainer"/>) runs exactly these steps, and
/// <see cref="Decide"/> is the one rule combining them, used by the sign-in and the explanation alike.
/// </summary>
public sealed class CertificateSignInService(
    IClientCertificateValidator validator,
    CertificateUserMapper mapper,
    IOptions<CertificateMappingOptions> mappingOptions,
    DirectoryUserCache users)
{
    /// <summary>The sign-in's certificate and user steps: a user, or the typed error the sign-in is refused with.</summary>
    public async Task<CertificateSignInResult> SignInAsync(X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            return CertificateSignInResult.Fail(SignInErrorCode.NoCertificate);
        }

        var certificateError = await ValidateCertificateAsync(certificate, null, cancellationToken);
        return certificateError is not null
            ? CertificateSignInResult.Fail(certificateError)
            : Decide(null, await FindUserAsync(certificate, cancellationToken));
    }

    /// <summary>
    /// Step 1: the certificate validator (chain, validity, key policy, EKU, issuer constraints, CRLs). Returns the sign-in
    /// error the certificate gets, or null when it passes. <paramref name="trace"/>, when given, records every rule.
    /// </summary>
    public async Task<SignInError?> ValidateCertificateAsync(X509Certificate2 certificate, CertificateValidationTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.certificate_validation");
        var validation = await validator.ValidateAsync(certificate, null, trace, cancellationToken);
        if (validation.Succeeded)
        {
            return null;
        }

        var failure = validation.Failure!;
        var code = ToErrorCode(failure.Reason);
        span?.SetTag(FederationTelemetry.ErrorCodeTag, SignInError.FormatCode(code));
        span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Reason.ToString());
        return new SignInError(code, failure.Detail);
    }

    /// <summary>
    /// Step 2: the certificate's identity (SAN UPN, SAN RFC822, subject e-mail, as configured) and the directory user it
    /// names, trying each configured source in order; the first that names a user wins. Reads only.
    /// </summary>
    public async Task<CertificateUserLookup> FindUserAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var mapping = FederationTelemetry.Source.StartActivity("certauth.signin.user_mapping");
        var identity = mapper.Map(certificate);
        if (identity is null)
        {
            return MappingFailed(mapping, new CertificateUserLookup(null, null, null, null,
                new SignInError(SignInErrorCode.UserNotFound, "The certificate has no UPN or e-mail subject alternative name.")));
        }

        DirectoryUser? user = null;
        CertificateMappingSource? matchedBy = null;
        string? matchedValue = null;
        foreach (var source in mappingOptions.Value.Order)
        {
            (user, matchedValue) = source switch
            {
                CertificateMappingSource.SanUpn when identity.Upn is { } upn => (await users.FindByUpnAsync(upn, cancellationToken), upn),
                CertificateMappingSource.SanRfc822 when identity.Email is { } email => (await users.FindByEmailAsync(email, cancellationToken), email),
                _ => (null, null),
            };
            if (user is not null)
            {
                matchedBy = source;
                break;
            }
        }

        if (user is null)
        {
            return MappingFailed(mapping, new CertificateUserLookup(identity, null, null, null,
                new SignInError(SignInErrorCode.UserNotFound, $"No user matches {identity.MatchedBy} '{identity.MatchedValue}'.")));
        }

        mapping?.SetTag("certauth.mapped_by", identity.MatchedBy.ToString());
        return user.Enabled
            ? new CertificateUserLookup(identity, user, matchedBy, matchedValue, null)
            : MappingFailed(mapping, new CertificateUserLookup(identity, user, matchedBy, matchedValue, new SignInError(SignInErrorCode.UserDisabled, user.Upn)));
    }

    /// <summary>How the two steps combine: the certificate's error first, then the user's; else the user signs in.</summary>
    public static CertificateSignInResult Decide(SignInError? certificateError, CertificateUserLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return certificateError is not null ? CertificateSignInResult.Fail(certificateError)
            : lookup.Error is not null ? CertificateSignInResult.Fail(lookup.Error)
            : CertificateSignInResult.Success(lookup.User!);
    }

    private static CertificateUserLookup MappingFailed(System.Diagnostics.Activity? span, CertificateUserLookup result)
    {
        span?.SetTag(FederationTelemetry.ErrorCodeTag, result.Error!.DisplayCode);
        span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Error!.Code.ToString());
        return result;
    }

    internal static SignInErrorCode ToErrorCode(CertificateFailureReason reason) => reason switch
    {
        CertificateFailureReason.NotTrusted => SignInErrorCode.CertificateNotTrusted,
        CertificateFailureReason.Expired => SignInErrorCode.CertificateExpired,
        CertificateFailureReason.NotYetValid => SignInErrorCode.CertificateNotYetValid,
        CertificateFailureReason.NotForClientAuthentication => SignInErrorCode.CertificateNotForClientAuthentication,
        CertificateFailureReason.Revoked => SignInErrorCode.CertificateRevoked,
        CertificateFailureReason.RevocationUnknown => SignInErrorCode.RevocationStatusUnknown,
        _ => SignInErrorCode.CertificatePolicyViolation,
    };
}

/// <summary>
/// The user step of a certificate sign-in: the certificate's identity, the directory user found (also when disabled),
/// the configured source that found it and its value, and the error when the sign-in is refused at this step.
/// </summary>
public sealed record CertificateUserLookup(
    CertificateIdentity? Identity, DirectoryUser? User, CertificateMappingSource? MatchedBy, string? MatchedValue, SignInError? Error);
