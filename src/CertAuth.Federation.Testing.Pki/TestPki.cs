using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Pki;

namespace CertAuth.Federation.Testing.Pki;

/// <summary>
/// An in-memory PKI for tests: a root CA and an issuing (intermediate, pathlen 0) CA, user certificates in one line,
/// revocation and CRL publishing (base and delta) as byte arrays.
/// <code>
/// var pki = TestPki.Create(clock);
/// var alice = pki.IssueUser("alice", upn: "alice@contoso.com");
/// pki.Revoke(alice);
/// byte[] crl = pki.BuildCrl();
/// </code>
/// Times come from the given <see cref="TimeProvider"/>: CAs are valid from now - 1 year to now + 10 years, users from
/// now - 1 hour to now + 1 year, CRLs from now to now + 7 days.
/// </summary>
public sealed class TestPki
{
    private readonly Dictionary<string, CaState> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private TestPki(TimeProvider clock, PkiKeyAlgorithm keyAlgorithm)
    {
        Clock = clock;
        KeyAlgorithm = keyAlgorithm;
        var now = clock.GetUtcNow();
        RootCa = CertificateFactory.CreateRootCa("CN=CertAuth Test Root CA, O=CertAuth Tests", now.AddYears(-1), now.AddYears(10), keyAlgorithm);
        IssuingCa = CertificateFactory.CreateIntermediateCa(RootCa, "CN=CertAuth Test Issuing CA, O=CertAuth Tests", now.AddYears(-1), now.AddYears(10), 0, keyAlgorithm);
    }

    /// <summary>The clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Key algorithm of the CAs and (by default) users.</summary>
    public PkiKeyAlgorithm KeyAlgorithm { get; }

    /// <summary>The root CA, with its private key.</summary>
    public X509Certificate2 RootCa { get; }

    /// <summary>The issuing CA, with its private key.</summary>
    public X509Certificate2 IssuingCa { get; }

    /// <summary>Creates a PKI (RSA-2048 by default; the system clock when <paramref name="clock"/> is null).</summary>
    public static TestPki Create(TimeProvider? clock = null, PkiKeyAlgorithm keyAlgorithm = PkiKeyAlgorithm.Rsa)
        => new(clock ?? TimeProvider.System, keyAlgorithm);

    /// <summary>Default user certificate options (CN=name, client-auth EKU, valid now - 1 h .. now + 1 year).</summary>
    public UserCertificateOptions UserOptions(string name, string? upn = null, string? email = null)
    {
        var now = Clock.GetUtcNow();
        return new UserCertificateOptions
        {
            Subject = "CN=" + name,
            Upn = upn,
            Email = email,
            NotBefore = now.AddHours(-1),
            NotAfter = now.AddYears(1),
            KeyAlgorithm = KeyAlgorithm,
        };
    }

    /// <summary>Issues a user certificate from the issuing CA with a client-auth EKU.</summary>
    public X509Certificate2 IssueUser(string name, string? upn = null, string? email = null)
        => IssueUser(UserOptions(name, upn, email));

    /// <summary>Issues a user certificate with explicit options (from <see cref="IssuingCa"/> unless <paramref name="issuer"/> is given).</summary>
    public X509Certificate2 IssueUser(UserCertificateOptions options, X509Certificate2? issuer = null)
        => CertificateFactory.CreateUser(issuer ?? IssuingCa, options);

    /// <summary>Revokes a certificate at its issuer (now, unless <paramref name="revocationDate"/> is given).</summary>
    public void Revoke(X509Certificate2 certificate, X509RevocationReason? reason = null, DateTimeOffset? revocationDate = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (_gate)
        {
            State(certificate.IssuerName.Name).Revoked.Add(CrlEntry.For(certificate, revocationDate ?? Clock.GetUtcNow(), reason));
        }
    }

    /// <summary>Builds a base CRL of <paramref name="ca"/> (default: the issuing CA) with every revocation so far; the CRL number increases each call.</summary>
    public byte[] BuildCrl(X509Certificate2? ca = null, TimeSpan? validity = null, DateTimeOffset? thisUpdate = null)
    {
        ca ??= IssuingCa;
        lock (_gate)
        {
            var state = State(ca.Subject);
            state.Number++;
            state.BaseNumber = state.Number;
            state.RevokedAtBase = state.Revoked.Count;
            var start = thisUpdate ?? Clock.GetUtcNow();
            return CrlWriter.Write(ca, state.Revoked.ToArray(), start, start + (validity ?? TimeSpan.FromDays(7)), state.Number);
        }
    }

    /// <summary>Builds a delta CRL with the revocations since the last <see cref="BuildCrl"/> (plus <paramref name="extraEntries"/>).</summary>
    public byte[] BuildDeltaCrl(X509Certificate2? ca = null, TimeSpan? validity = null, DateTimeOffset? thisUpdate = null, IEnumerable<CrlEntry>? extraEntries = null)
    {
        ca ??= IssuingCa;
        lock (_gate)
        {
            var state = State(ca.Subject);
            state.Number++;
            var start = thisUpdate ?? Clock.GetUtcNow();
            var entries = state.Revoked.Skip(state.RevokedAtBase).Concat(extraEntries ?? []).ToArray();
            return CrlWriter.Write(ca, entries, start, start + (validity ?? TimeSpan.FromDays(1)), state.Number, state.BaseNumber);
        }
    }

    /// <summary>The root as a trusted authority (id <c>root-ca</c>).</summary>
    public TrustedCertificateAuthority RootAuthority(Uri? crl = null, Uri? deltaCrl = null, TimeSpan? crlGracePeriod = null) => new()
    {
        Id = "root-ca",
        AuthorityType = CertificateAuthorityType.RootAuthority,
        Certificate = RootCa,
        CrlDistributionPoint = crl,
        DeltaCrlDistributionPoint = deltaCrl,
        CrlGracePeriod = crlGracePeriod,
    };

    /// <summary>The issuing CA as a trusted authority (id <c>issuing-ca</c>).</summary>
    public TrustedCertificateAuthority IssuingAuthority(Uri? crl = null, Uri? deltaCrl = null, TimeSpan? crlGracePeriod = null) => new()
    {
        Id = "issuing-ca",
        AuthorityType = CertificateAuthorityType.IntermediateAuthority,
        Certificate = IssuingCa,
        CrlDistributionPoint = crl,
        DeltaCrlDistributionPoint = deltaCrl,
        CrlGracePeriod = crlGracePeriod,
    };

    /// <summary>An authority source trusting the root and the issuing CA (no CRL URLs unless given).</summary>
    public InMemoryTrustedAuthoritySource CreateAuthoritySource(Uri? issuingCrl = null, Uri? issuingDeltaCrl = null, Uri? rootCrl = null)
        => new([RootAuthority(rootCrl), IssuingAuthority(issuingCrl, issuingDeltaCrl)]);

    private CaState State(string subject)
    {
        if (!_states.TryGetValue(subject, out var state))
        {
            state = new CaState();
            _states[subject] = state;
        }

        return state;
    }

    private sealed class CaState
    {
        public List<CrlEntry> Revoked { get; } = [];

        public BigInteger Number { get; set; }

        public BigInteger BaseNumber { get; set; }

        public int RevokedAtBase { get; set; }
    }
}
