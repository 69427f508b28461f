using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Server.RelyingParties;

/// <summary>A relying-party trust as the sign-in pipeline uses it (immutable snapshot of the stored record).</summary>
public sealed record RelyingPartyTrust
{
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

    /// <summary>Sign-in protocol (<see cref="Storage.Entities.FederationProtocols"/>); for WS-Federation the ACS URLs are the allowed <c>wreply</c> endpoints.</summary>
    public string Protocol { get; init; } = Storage.Entities.FederationProtocols.Saml2;

    /// <summary>Token type a WS-Federation relying party receives (<see cref="Storage.Entities.FederationProtocols.Saml11Token"/> by default).</summary>
    public string TokenType { get; init; } = Storage.Entities.FederationProtocols.Saml11Token;

    /// <summary>The SAML 2.0 SingleLogoutService URL, if the party takes part in single logout.</summary>
    public string? SingleLogoutServiceUrl { get; init; }

    /// <summary>The binding of <see cref="SingleLogoutServiceUrl"/> (HTTP-Redirect or HTTP-POST URI).</summary>
    public string? SingleLogoutServiceBinding { get; init; }

    /// <summary>Whether the trust speaks WS-Federation (passive requestor profile).</summary>
    public bool IsWsFederation => Protocol == Storage.Entities.FederationProtocols.WsFederation;

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
