using System.Net;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>The proxy addresses and networks whose forwarded client certificate is honoured, matched against the TCP peer.</summary>
public sealed class TrustedProxyList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    /// <summary>Parses the configured entries (validated at start-up, so a bad entry here is a programming error).</summary>
    public TrustedProxyList(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (!TryParseEntry(entry, out var network))
            {
                throw new ArgumentException($"'{entry}' is not an IP address or CIDR network.", nameof(entries));
            }

            networks.Add(network);
        }

        _networks = networks;
    }

    /// <summary>Whether no proxy is trusted (the default).</summary>
    public bool IsEmpty => _networks.Count == 0;

    /// <summary>An address (<c>10.0.0.5</c>, a /32 or /128) or a CIDR network (<c>10.0.0.0/24</c>).</summary>
    public static bool TryParseEntry(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // Strict: "10.0.0.1/24" is refused rather than silently widened or narrowed; write the network address.
            return IPNetwork.TryParse(text, out network)
                && IPAddress.TryParse(text[..slash], out var written)
                && network.BaseAddress.Equals(written);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>Whether <paramref name="peer"/> (IPv4-mapped IPv6 addresses count as IPv4) is a trusted proxy.</summary>
    public bool Contains(IPAddress? peer)
    {
        if (peer is null)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }
}
