using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>
/// A WS-Federation role of an entity (WS-Federation 1.2 §3.1): an <c>md:RoleDescriptor</c> of <c>xsi:type</c>
/// <c>fed:SecurityTokenServiceType</c> or <c>fed:ApplicationServiceType</c>, with its signing keys, the token and claim
/// types it offers, and its passive requestor endpoint.
/// </summary>
public sealed class WsFederationRoleDescriptor
{
    /// <summary><c>SecurityTokenServiceType</c> or <c>ApplicationServiceType</c> (see <see cref="WsFederation.WsFederationMetadataReader"/>).</summary>
    public required string RoleType { get; init; }

    /// <summary>Signing certificates (KeyDescriptor use="signing").</summary>
    public IList<X509Certificate2> SigningCertificates { get; } = new List<X509Certificate2>();

    /// <summary>Token type URIs offered (<c>fed:TokenTypesOffered</c>).</summary>
    public IList<string> TokenTypesOffered { get; } = new List<string>();

    /// <summary>Claim type URIs offered (<c>fed:ClaimTypesOffered</c>), each with a display name.</summary>
    public IList<KeyValuePair<string, string>> ClaimTypesOffered { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>The passive requestor endpoint address (<c>fed:PassiveRequestorEndpoint</c>).</summary>
    public string? PassiveRequestorEndpoint { get; init; }
}
