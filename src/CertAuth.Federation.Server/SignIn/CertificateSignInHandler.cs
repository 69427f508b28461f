using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The certificate listener's step: open the sealed context, check the certificate and the user, and answer with
/// the signed Response in an auto-POST form — or an error page that says exactly what went wrong.
/// </summary>
public sealed class CertificateSignInHandler(
    SignInContextProtector contextProtector,
    IRelyingPartyResolver relyingParties,
    CertificateSignInService certificateSignIn,
    ClaimsIssuancePolicy claimsPolicy,
    SamlResponseFactory responseFactory,
    SamlResponseIssuer responseIssuer,
    WsFederationResponseIssuer wsFederationIssuer,
    TimeProvider timeProvider,
    FederationMetrics metrics,
    ILogger<CertificateSignInHandler> logger)
{
    public async Task<SignInStep> HandleAsync(string? protectedContext, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var context = contextProtector.Unprotect(protectedContext);
        if (context is null)
        {
            return SignInStep.Fail(SignInErrorCode.SignInContextInvalid, "The sign-in context is missing, expired or altered.");
        }

        // The trust may have changed since the request arrived: look it up again and re-check the ACS.
        var relyingParty = await relyingParties.ResolveAsync(context.RelyingParty, cancellationToken);
        if (relyingParty is null)
        {
            return SignInStep.Fail(SignInErrorCode.RelyingPartyUnknown, "The relying party is no longer trusted.");
        }

        // The protocol is re-checked too: a trust switched from WS-Federation to SAML (or back) mid-sign-in starts over.
        if (relyingParty.IsWsFederation != (context.Protocol == RelyingParties.RelyingPartyTrust.WsFederation))
        {
            return SignInStep.Fail(SignInErrorCode.RequestInvalid, "The relying party's protocol changed during the sign-in.");
        }

        if (relyingParty.ResolveAssertionConsumerService(context.AssertionConsumerServiceUrl) is null)
        {
            return SignInStep.Fail(SignInErrorCode.AssertionConsumerServiceNotAllowed, "The ACS URL is no longer registered.");
        }

        var result = await certificateSignIn.SignInAsync(certificate, cancellationToken);
        if (result is CertificateSignInResult.Refused refused)
        {
            return SignInStep.Fail(refused.Error with { RelyingParty = relyingParty.EntityId });
        }

        var user = ((CertificateSignInResult.SignedIn)result).User;
        Endpoints.AutoPostModel form;
        Protocols.Saml.Assertion assertion;
        using (var span = FederationTelemetry.Source.StartActivity("certauth.signin.token_signing"))
        {
            span?.SetTag(FederationTelemetry.RelyingPartyTag, relyingParty.EntityId);
            var claims = claimsPolicy.Issue(relyingParty, user, certificate!);
            if (relyingParty.IsWsFederation)
            {
                assertion = responseFactory.CreateAssertion(context, relyingParty, user, claims, timeProvider.GetUtcNow());
                form = wsFederationIssuer.CreateForm(context, relyingParty, assertion, timeProvider.GetUtcNow());
            }
            else
            {
                var response = responseFactory.CreateSuccess(context, relyingParty, user, claims, timeProvider.GetUtcNow());
                assertion = response.Assertions[0];
                form = responseIssuer.CreateForm(response, relyingParty.SignResponse, context.RelayState);
            }
        }

        metrics.TokenIssued(relyingParty.EntityId, !relyingParty.IsWsFederation ? "saml2" : relyingParty.TokenType == RelyingParties.RelyingPartyTrust.Saml2Token ? "wsfed-saml2" : "wsfed-saml11");
        logger.TokenIssued(relyingParty.EntityId, user.Upn, certificate!.Subject, certificate.SerialNumber, certificate.Issuer, certificate.Thumbprint);
        // The federation sign-in session records the party with the NameID and SessionIndex single logout names.
        var nameId = assertion.Subject!.NameId!;
        var party = new Sessions.FederationSessionParty
        {
            EntityId = relyingParty.EntityId,
            Protocol = relyingParty.IsWsFederation ? RelyingParties.RelyingPartyTrust.WsFederation : RelyingParties.RelyingPartyTrust.Saml2,
            NameId = nameId.Value,
            NameIdFormat = nameId.Format,
            NameQualifier = nameId.NameQualifier,
            SpNameQualifier = nameId.SPNameQualifier,
            SessionIndex = assertion.AuthnStatements.FirstOrDefault()?.SessionIndex,
            IssuedAt = timeProvider.GetUtcNow(),
        };
        return SignInStep.PostForm(form, relyingParty.Theme).WithSession(user.Upn, party);
    }
}
