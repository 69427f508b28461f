using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>Generates xs:ID values: "_" followed by 32 lower-case hex digits (128 random bits, Core §1.3.4).</summary>
public sealed class SamlIdGenerator
{
    /// <summary>Returns a new, unpredictable identifier that is a valid xs:ID.</summary>
    public string NewId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
