using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>A response (Core §3.3.3, §3.2.2).</summary>
public sealed class SamlResponse
{
    /// <summary>Unique identifier.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>ID of the request this answers, if any.</summary>
    public string? InResponseTo { get; set; }

    /// <summary>Time of issue (UTC).</summary>
    public DateTimeOffset IssueInstant { get; set; }

    /// <summary>The URI the response is sent to.</summary>
    public string? Destination { get; set; }

    /// <summary>Entity id of the responder (optional in a Response).</summary>
    public string? Issuer { get; set; }

    /// <summary>Status.</summary>
    public SamlStatus Status { get; set; } = new();

    /// <summary>Assertions.</summary>
    public IList<Assertion> Assertions { get; } = new List<Assertion>();
}
