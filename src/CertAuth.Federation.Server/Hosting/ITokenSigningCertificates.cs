using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>The certificates the federation server signs with and publishes (issue 13 item 2: rollover).</summary>
public interface ITokenSigningCertificates
{
    /// <summary>The primary: signs assertions, responses and metadata.</summary>
    X509Certificate2 Primary { get; }

    /// <summary>Every certificate published in metadata now: the primary first, then the secondary and the retired ones still kept.</summary>
    IReadOnlyList<X509Certificate2> Published { get; }
}

/// <summary>The configured <c>Federation:SigningCertificate</c> as the only key (rollover off: the behaviour before issue 13).</summary>
public sealed class FixedTokenSigningCertificates(SigningCredentials credentials) : ITokenSigningCertificates
{
    public X509Certificate2 Primary => credentials.TokenSigning;

    public IReadOnlyList<X509Certificate2> Published => [credentials.TokenSigning];
}
