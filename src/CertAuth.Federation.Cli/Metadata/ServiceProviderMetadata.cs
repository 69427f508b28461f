using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Cli.Metadata;

/// <summary>What <c>rp add --metadata</c> takes from an SP's SAML metadata.</summary>
internal sealed record ServiceProviderMetadata(
    string EntityId,
    IReadOnlyList<string> AssertionConsumerServiceUrls,
    X509Certificate2? SigningCertificate,
    int SigningCertificateCount,
    bool AuthnRequestsSigned,
    string? NameIdFormat,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<string>? PassiveRequestorEndpoints = null);
