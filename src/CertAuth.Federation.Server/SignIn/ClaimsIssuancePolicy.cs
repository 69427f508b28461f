using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Claims;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.RelyingParties;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Decides which claims a relying party receives: the user's identity claims and the AD FS certificate claim set,
/// filtered by the trust's released-claims list. Serial number, issuer and authority key identifier are always
/// released: the token service needs them to check revocation at refresh (it refuses a sign-in without serial and
/// issuer, and tells apart CAs renewed under one name by the authority key identifier).
/// </summary>
public sealed class ClaimsIssuancePolicy(CertificateClaimsBuilder certificateClaims)
{
    private static readonly HashSet<string> AlwaysReleased = new(StringComparer.Ordinal)
    {
        CertificateClaimTypes.SerialNumber,
        CertificateClaimTypes.Issuer,
        CertificateClaimTypes.AuthorityKeyIdentifier,
    };

    public IReadOnlyList<IssuedClaim> Issue(RelyingPartyTrust relyingParty, DirectoryUser user, X509Certificate2 certificate)
    {
        var claims = new List<IssuedClaim>
        {
            new(IssuedClaimTypes.Upn, user.Upn),
            new(IssuedClaimTypes.ImmutableId, user.ImmutableId),
            new(IssuedClaimTypes.AuthenticationMethodsReferences, IssuedClaimTypes.X509AuthenticationMethod),
        };
        if (!string.IsNullOrEmpty(user.Email))
        {
            claims.Add(new(IssuedClaimTypes.Email, user.Email));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            claims.Add(new(IssuedClaimTypes.Name, user.DisplayName));
        }

        foreach (var claim in certificateClaims.Build(certificate))
        {
            // The certificate's own UPN is not re-issued: the directory's UPN above is the one that counts.
            if (claim.Type != IssuedClaimTypes.Upn)
            {
                claims.Add(new(claim.Type, claim.Value));
            }
        }

        if (relyingParty.ReleasedClaims.Count == 0)
        {
            return claims;
        }

        var released = new HashSet<string>(relyingParty.ReleasedClaims, StringComparer.Ordinal);
        return [.. claims.Where(c => AlwaysReleased.Contains(c.Type) || released.Contains(c.Type))];
    }
}
