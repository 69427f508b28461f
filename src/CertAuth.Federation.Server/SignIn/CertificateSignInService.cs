using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Validation;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Telemetry;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Checks a presented client certificate (chain to a trusted CA, client-auth EKU, validity, CRL) and maps it to an
/// enabled directory user (SAN UPN, then SAN RFC822, in the configured order).
/// </summary>
public sealed class CertificateSignInService(
    IClientCertificateValidator validator,
    CertificateUserMapper mapper,
    IOptions<CertificateMappingOptions> mappingOptions,
    IUserStore users)
{
    public async Task<CertificateSignInResult> SignInAsync(X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            return CertificateSignInResult.Fail(SignInErrorCode.NoCertificate);
        }

        using (var span = FederationTelemetry.Source.StartActivity("certauth.signin.certificate_validation"))
        {
            var validation = await validator.ValidateAsync(certificate, null, cancellationToken);
            if (!validation.Succeeded)
            {
                var failure = validation.Failure!;
                var code = ToErrorCode(failure.Reason);
                span?.SetTag(FederationTelemetry.ErrorCodeTag, SignInError.FormatCode(code));
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Reason.ToString());
                return CertificateSignInResult.Fail(code, failure.Detail);
            }
        }

        using var mapping = FederationTelemetry.Source.StartActivity("certauth.signin.user_mapping");
        var identity = mapper.Map(certificate);
        if (identity is null)
        {
            return MappingFailed(mapping, CertificateSignInResult.Fail(SignInErrorCode.UserNotFound, "The certificate has no UPN or e-mail subject alternative name."));
        }

        // Try each configured source in order (SAN UPN, then SAN RFC822 by default); the first that names a user wins.
        UserRecord? user = null;
        foreach (var source in mappingOptions.Value.Order)
        {
            user = source switch
            {
                CertificateMappingSource.SanUpn when identity.Upn is { } upn => await users.FindByUpnAsync(upn, cancellationToken),
                CertificateMappingSource.SanRfc822 when identity.Email is { } email => await users.FindByEmailAsync(email, cancellationToken),
                _ => null,
            };
            if (user is not null)
            {
                break;
            }
        }

        if (user is null)
        {
            return MappingFailed(mapping, CertificateSignInResult.Fail(SignInErrorCode.UserNotFound, $"No user matches {identity.MatchedBy} '{identity.MatchedValue}'."));
        }

        mapping?.SetTag("certauth.mapped_by", identity.MatchedBy.ToString());
        return user.Enabled ? CertificateSignInResult.Success(user) : MappingFailed(mapping, CertificateSignInResult.Fail(SignInErrorCode.UserDisabled, user.Upn));
    }

    private static CertificateSignInResult MappingFailed(System.Diagnostics.Activity? span, CertificateSignInResult result)
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
