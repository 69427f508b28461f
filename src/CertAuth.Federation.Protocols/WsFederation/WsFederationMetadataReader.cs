using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// Reads the WS-Federation role descriptors of a metadata <c>md:EntityDescriptor</c> (WS-Federation 1.2 §3.1):
/// <c>md:RoleDescriptor</c> elements whose <c>xsi:type</c> is <c>fed:ApplicationServiceType</c> (a relying party) or
/// <c>fed:SecurityTokenServiceType</c> (a federation server), and the addresses of their
/// <c>fed:PassiveRequestorEndpoint</c>s (<c>wsa:EndpointReference/wsa:Address</c>).
/// </summary>
public sealed class WsFederationMetadataReader
{
    /// <summary>The local name of the relying-party role type.</summary>
    public const string ApplicationServiceType = "ApplicationServiceType";

    /// <summary>The local name of the security token service role type.</summary>
    public const string SecurityTokenServiceType = "SecurityTokenServiceType";

    /// <summary>
    /// The passive requestor endpoint addresses of every role descriptor of <paramref name="roleType"/>, in document
    /// order, without duplicates; refused with the typed reason when an element repeats or an address has element content.
    /// </summary>
    public SamlResult<IReadOnlyList<string>> PassiveRequestorEndpoints(XmlElement entityDescriptor, string roleType)
    {
        ArgumentNullException.ThrowIfNull(entityDescriptor);
        return SamlResult<IReadOnlyList<string>>.Of(() => PassiveRequestorEndpointsOrThrow(entityDescriptor, roleType));
    }

    private static IReadOnlyList<string> PassiveRequestorEndpointsOrThrow(XmlElement entityDescriptor, string roleType)
    {
        var endpoints = new List<string>();
        foreach (var role in entityDescriptor.ChildElements(SamlNamespaces.Metadata, "RoleDescriptor").Where(r => IsOfType(r, roleType)))
        {
            foreach (var endpoint in role.ChildElements(WsFederationConstants.FederationNamespace, "PassiveRequestorEndpoint"))
            {
                foreach (var reference in endpoint.ChildElements(WsFederationConstants.AddressingNamespace, "EndpointReference"))
                {
                    var address = reference.OptionalChild(WsFederationConstants.AddressingNamespace, "Address")?.FullText().Trim();
                    if (!string.IsNullOrEmpty(address) && !endpoints.Contains(address, StringComparer.Ordinal))
                    {
                        endpoints.Add(address);
                    }
                }
            }
        }

        return endpoints;
    }

    /// <summary>Whether the role descriptor's <c>xsi:type</c> QName resolves to <c>fed:</c><paramref name="roleType"/>.</summary>
    private static bool IsOfType(XmlElement role, string roleType)
    {
        var type = role.GetAttribute("type", SamlNamespaces.Xsi);
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? string.Empty : type[..colon];
        var local = colon < 0 ? type : type[(colon + 1)..];
        return local == roleType && role.GetNamespaceOfPrefix(prefix) == WsFederationConstants.FederationNamespace;
    }
}
