using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Server.RelyingParties;

/// <summary>
/// A relying-party trust as the sign-in pipeline and single logout use it: the federation server's own immutable
/// domain record, mapped from the stored row at the store boundary (<see cref="StoreRelyingPartyResolver"/>, the only
/// place in the SignIn, Sessions and RelyingParties namespaces that reads the EF record).
/// </summary>
public sealed record RelyingPartyTrust
{
    /// <summary>The protocol value of a SAML 2.0 relying party (the default).</summary>
    public const string Saml2 = "Saml2";

    /// <summary>The protocol value of a WS-Federation (passive requestor) relying party.</summary>
    public const string WsFederation = "WsFederation";

    /// <summary>The token type of a WS-Federation party that receives SAML 1.1 assertions (the default).</summary>
    public const string Saml11Token = "Saml11";

    /// <summary>The token type of a WS-Federation party that receives SAML 2.0 assertions.</summary>
    public const string Saml2Token = "Saml2";

    public required string EntityId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Exact-match allow-list; the first is the default.</summary>
    public required IReadOnlyList<string> AssertionConsumerServiceUrls { get; init; }

    public X509Certificate2? RequestSigningCertificate { get; init; }

    public bool RequireSignedRequests { get; init; }

    public bool SignResponse { get; init; }

    public required string NameIdFormat { get; init; }

    /// <summary>Released claim types; empty means the default set.</summary>
    public required IReadOnlyList<string> ReleasedClaims { get; init; }

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    public string? Theme { get; init; }

    /// <summary>Sign-in protocol (<see cref="Saml2"/> or <see cref="WsFederation"/>); for WS-Federation the ACS URLs are the allowed <c>wreply</c> endpoints.</summary>
    public string Protocol { get; init; } = Saml2;

    /// <summary>Token type a WS-Federation relying party receives (<see cref="Saml11Token"/> by default, or <see cref="Saml2Token"/>).</summary>
    public string TokenType { get; init; } = Saml11Token;

    /// <summary>The SAML 2.0 SingleLogoutService URL, if the party takes part in single logout.</summary>
    public string? SingleLogoutServiceUrl { get; init; }

    /// <summary>The binding of <see cref="SingleLogoutServiceUrl"/> (HTTP-Redirect or HTTP-POST URI).</summary>
    public string? SingleLogoutServiceBinding { get; init; }

    /// <summary>Whether the trust speaks WS-Federation (passive requestor profile).</summary>
    public bool IsWsFederation => Protocol == WsFederation;

    /// <summary>The registered URL equal (ordinal) to <paramref name="requested"/>, or the default when none is requested.</summary>
    public string? ResolveAssertionConsumerService(string? requested)
    {
        if (requested is null)
        {
            return AssertionConsumerServiceUrls.Count > 0 ? AssertionConsumerServiceUrls[0] : null;
        }

        return AssertionConsumerServiceUrls.FirstOrDefault(u => string.Equals(u, requested, StringComparison.Ordinal));
    }
}
