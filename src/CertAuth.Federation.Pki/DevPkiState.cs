using System.Text.Json;
using System.Text.Json.Serialization;

namespace CertAuth.Federation.Pki;

/// <summary>The <c>pki.json</c> state of a <see cref="DevPki"/> (no key material: keys stay in the PFX files).</summary>
internal sealed class DevPkiState
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Version { get; set; } = 1;

    public int CrlValidityDays { get; set; } = 7;

    public Dictionary<string, DevPkiAuthorityState> Authorities { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DevPkiUserState> Users { get; set; } = new(StringComparer.Ordinal);

    public string? TlsThumbprint { get; set; }

    public string? TokenSigningThumbprint { get; set; }
}

/// <summary>Per-CA state.</summary>
internal sealed class DevPkiAuthorityState
{
    public string Thumbprint { get; set; } = string.Empty;

    public long CrlNumber { get; set; }

    public bool PublishesDelta { get; set; }

    public List<DevPkiRevocation> Revoked { get; set; } = [];
}

/// <summary>One revoked serial.</summary>
internal sealed class DevPkiRevocation
{
    public string SerialNumber { get; set; } = string.Empty;

    public DateTimeOffset RevocationDate { get; set; }
}

/// <summary>One user certificate.</summary>
internal sealed class DevPkiUserState
{
    public string SerialNumber { get; set; } = string.Empty;

    public string Thumbprint { get; set; } = string.Empty;

    public string Issuer { get; set; } = string.Empty;
}
