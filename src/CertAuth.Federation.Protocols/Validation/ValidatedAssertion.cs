using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>An assertion that passed every rule, with the facts of how it was trusted.</summary>
public sealed class ValidatedAssertion
{
    /// <summary>The assertion, read from the very element whose signature (or enclosing signature) verified.</summary>
    public required Assertion Assertion { get; init; }

    /// <summary>The enclosing response (its Assertions list is empty: use <see cref="Assertion"/>); null for a bare assertion.</summary>
    public SamlResponse? Response { get; init; }

    /// <summary>The trusted issuer that matched.</summary>
    public required TrustedIssuer Issuer { get; init; }

    /// <summary>The trusted certificate that verified the signature.</summary>
    public required X509Certificate2 SigningCertificate { get; init; }

    /// <summary>Whether the assertion carried its own verified signature (false: trusted through the signed Response).</summary>
    public bool AssertionSigned { get; init; }

    /// <summary>Until when the replay cache remembers this assertion.</summary>
    public DateTimeOffset ReplayExpiresAt { get; init; }
}
