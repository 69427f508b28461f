namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The options of <c>rp add</c> and <c>rp set</c>, as typed. Null leaves a field as it is (set) or at its default
/// (add); a list replaces the stored list.
/// </summary>
internal sealed record RelyingPartyChanges
{
    public string? Metadata { get; init; }

    public IReadOnlyList<string>? Acs { get; init; }

    public IReadOnlyList<string>? AddAcs { get; init; }

    public IReadOnlyList<string>? RemoveAcs { get; init; }

    public string? DisplayName { get; init; }

    public string? SigningCertificatePath { get; init; }

    public bool ClearSigningCertificate { get; init; }

    public bool? RequireSignedRequests { get; init; }

    public bool? SignResponse { get; init; }

    public string? NameIdFormat { get; init; }

    public IReadOnlyList<string>? Claims { get; init; }

    public bool ClearClaims { get; init; }

    public int? TokenLifetimeMinutes { get; init; }

    public string? Theme { get; init; }

    public bool ClearTheme { get; init; }

    public bool? Enabled { get; init; }

    /// <summary><c>--protocol</c> as typed (see <c>ProtocolNames</c> in src/CertAuth.Federation.Administration/Validation).</summary>
    public string? Protocol { get; init; }

    /// <summary><c>--token-type</c> as typed (see <c>ProtocolNames</c> in src/CertAuth.Federation.Administration/Validation).</summary>
    public string? TokenType { get; init; }

    /// <summary><c>--slo-url</c> as typed.</summary>
    public string? SingleLogoutServiceUrl { get; init; }

    /// <summary><c>--slo-binding</c> as typed (redirect or post).</summary>
    public string? SingleLogoutServiceBinding { get; init; }

    /// <summary><c>--no-slo</c>.</summary>
    public bool ClearSingleLogoutService { get; init; }
}
