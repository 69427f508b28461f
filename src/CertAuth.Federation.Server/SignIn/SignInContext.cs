namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// A validated sign-in request, carried (encrypted and authenticated, time-limited) from the SAML endpoint to the
/// certificate listener, which may sit on another host name or port.
/// </summary>
public sealed record SignInContext
{
    /// <summary>The relying party's entity id.</summary>
    public required string RelyingParty { get; init; }

    /// <summary>Where the Response goes (already checked against the allow-list).</summary>
    public required string AssertionConsumerServiceUrl { get; init; }

    /// <summary>The AuthnRequest ID, or null for IdP-initiated sign-on.</summary>
    public string? RequestId { get; init; }

    /// <summary>Opaque RelayState to return unchanged (bounded).</summary>
    public string? RelayState { get; init; }

    /// <summary>NameID format to issue.</summary>
    public required string NameIdFormat { get; init; }

    /// <summary>
    /// The protocol of the request (<see cref="RelyingParties.RelyingPartyTrust.Saml2"/> or <see cref="RelyingParties.RelyingPartyTrust.WsFederation"/>); null means SAML 2.0. For
    /// WS-Federation, <see cref="AssertionConsumerServiceUrl"/> is the checked <c>wreply</c> and <see cref="RelayState"/>
    /// the <c>wctx</c>.
    /// </summary>
    public string? Protocol { get; init; }
}
