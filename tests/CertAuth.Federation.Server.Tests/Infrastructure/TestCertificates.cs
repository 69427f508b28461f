using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// The people and CAs of the tests, built in memory for each run (nothing committed) on the testing kit's
/// <see cref="TestPki"/> (src/CertAuth.Federation.Testing.Pki): its trusted root and issuing CA, plus a CA nobody
/// trusts, a TLS and a token-signing certificate, and the six users of the development PKI.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TestPki _pki;

    public TestCertificates(DateTimeOffset now)
    {
        Now = now;
        _pki = TestPki.Create(new FakeTimeProvider(now));
        Root = _pki.RootCa;
        Issuing = _pki.IssuingCa;
        Untrusted = CertificateFactory.CreateRootCa("CN=Untrusted Test CA, O=Somebody Else", now.AddDays(-30), now.AddYears(5));
        Tls = CertificateFactory.CreateTlsServer(Root, now.AddDays(-1), now.AddYears(1));
        TokenSigning = CertificateFactory.CreateTokenSigning("CN=Contoso Test Token Signing", now.AddDays(-1), now.AddYears(1));

        Alice = User(Issuing, "alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        Bob = User(Issuing, "bob", upn: null, email: "bob@contoso.com");
        Carol = User(Issuing, "carol", upn: "carol@contoso.com", email: null);
        Dave = User(Issuing, "dave", upn: "dave@contoso.com", email: null, notBefore: now.AddDays(-60), notAfter: now.AddDays(-1));
        Eve = User(Issuing, "eve", upn: "eve@contoso.com", email: null, ekus: [UserCertificateOptions.ServerAuthenticationEku]);
        Mallory = User(Untrusted, "mallory", upn: "mallory@contoso.com", email: null);
        Frank = User(Issuing, "frank", upn: "frank@contoso.com", email: null);
    }

    public DateTimeOffset Now { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public X509Certificate2 Untrusted { get; }

    public X509Certificate2 Tls { get; }

    public X509Certificate2 TokenSigning { get; }

    public X509Certificate2 Alice { get; }

    public X509Certificate2 Bob { get; }

    /// <summary>Revoked on the issuing CA's CRL.</summary>
    public X509Certificate2 Carol { get; }

    /// <summary>Expired.</summary>
    public X509Certificate2 Dave { get; }

    /// <summary>Server-authentication EKU only.</summary>
    public X509Certificate2 Eve { get; }

    /// <summary>Issued by a CA nobody trusts.</summary>
    public X509Certificate2 Mallory { get; }

    /// <summary>A valid certificate whose user is not in the directory.</summary>
    public X509Certificate2 Frank { get; }

    /// <summary>The issuing CA's CRL listing <paramref name="revoked"/>.</summary>
    public byte[] IssuingCrl(BigInteger number, params X509Certificate2[] revoked) =>
        CrlWriter.Write(Issuing, revoked.Select(c => CrlEntry.For(c, Now.AddHours(-1))), Now.AddMinutes(-10), Now.AddDays(7), number);

    public byte[] IssuingDeltaCrl(BigInteger number, BigInteger baseNumber, params X509Certificate2[] revoked) =>
        CrlWriter.Write(Issuing, revoked.Select(c => CrlEntry.For(c, Now.AddMinutes(-5))), Now.AddMinutes(-5), Now.AddDays(1), number, baseNumber);

    public byte[] RootCrl(BigInteger number) => CrlWriter.Write(Root, [], Now.AddMinutes(-10), Now.AddDays(30), number);

    public void Dispose()
    {
        foreach (var c in new[] { Root, Issuing, Untrusted, Tls, TokenSigning, Alice, Bob, Carol, Dave, Eve, Mallory, Frank })
        {
            c.Dispose();
        }
    }

    private X509Certificate2 User(
        X509Certificate2 issuer, string name, string? upn, string? email,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, IReadOnlyList<string>? ekus = null) =>
        _pki.IssueUser(
            _pki.UserOptions($"{name}, O=Contoso Test", upn, email) with
            {
                NotBefore = notBefore ?? Now.AddDays(-1),
                NotAfter = notAfter ?? Now.AddDays(365),
                ExtendedKeyUsages = ekus ?? [UserCertificateOptions.ClientAuthenticationEku],
            },
            issuer);
}
