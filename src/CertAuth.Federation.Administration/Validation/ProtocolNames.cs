using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Administration.Validation;

/// <summary>
/// The one rule for a relying party's protocol and token type (and a federation trust's protocol): the names an
/// administrator types (<c>--protocol</c>, <c>--token-type</c>, the API's fields, <c>appsettings.json</c>), mapped to the
/// stored values (<see cref="FederationProtocols"/>); anything else refused with <see cref="AdminCodes.Protocol"/>.
/// </summary>
internal static class ProtocolNames
{
    /// <summary><c>saml2</c> / <c>samlp</c> → Saml2; <c>wsfed</c> / <c>ws-fed</c> / <c>wsfederation</c> → WsFederation (case-insensitive).</summary>
    public static string Protocol(string value) => value.Trim().ToLowerInvariant() switch
    {
        "saml2" or "samlp" or "saml" => FederationProtocols.Saml2,
        "wsfed" or "ws-fed" or "wsfederation" or "ws-federation" => FederationProtocols.WsFederation,
        _ => throw new AdminRefusal(AdminCodes.Protocol, $"--protocol '{Shown(value)}' is not saml2 or wsfed."),
    };

    /// <summary><c>saml11</c> / <c>saml1.1</c> → Saml11; <c>saml2</c> / <c>saml20</c> → Saml2 (case-insensitive).</summary>
    public static string TokenType(string value) => value.Trim().ToLowerInvariant() switch
    {
        "saml11" or "saml1.1" or "saml1" => FederationProtocols.Saml11Token,
        "saml2" or "saml20" or "saml2.0" => FederationProtocols.Saml2Token,
        _ => throw new AdminRefusal(AdminCodes.Protocol, $"--token-type '{Shown(value)}' is not saml11 or saml2."),
    };

    private static string Shown(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
