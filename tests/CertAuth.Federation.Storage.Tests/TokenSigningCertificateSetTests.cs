using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.KeyMaterial;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// The rollover rule every federation node, the CLI and the admin API apply to the stored token-signing certificates
/// (issue 13 item 2): the latest promotion that has passed is the primary; earlier ones are retired at their successor's
/// promotion and published for the keep period; unpromoted (or later-promoted) ones are secondaries; expired ones are
/// never published.
/// </summary>
public sealed class TokenSigningCertificateSetTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    [Fact]
    public void States_FollowTheClock_ThroughARollover()
    {
        var first = Record("A", promotesAt: T0, notAfter: T0.AddDays(30));
        var second = Record("B", promotesAt: T0.AddDays(15), notAfter: T0.AddDays(400));

        Assert.Equal(
            [("A", TokenSigningCertificateState.Primary), ("B", TokenSigningCertificateState.Secondary)],
            States([first, second], T0.AddDays(10)));
        Assert.Equal(
            [("A", TokenSigningCertificateState.Retired), ("B", TokenSigningCertificateState.Primary)],
            States([first, second], T0.AddDays(15)));
        Assert.Equal(
            [("A", TokenSigningCertificateState.Removed), ("B", TokenSigningCertificateState.Primary)],
            States([first, second], T0.AddDays(22)));
        Assert.Equal(T0.AddDays(15), TokenSigningCertificateSet.Classify([first, second], T0.AddDays(16), Keep)[0].RetiredAt);
    }

    [Fact]
    public void AnUnpromotedSecondary_NeverSigns_AndAnExpiredOneIsNotPublished()
    {
        var primary = Record("A", promotesAt: T0, notAfter: T0.AddDays(400));
        var waiting = Record("B", promotesAt: null, notAfter: T0.AddDays(5));

        Assert.Equal(
            [("A", TokenSigningCertificateState.Primary), ("B", TokenSigningCertificateState.Secondary)],
            States([primary, waiting], T0.AddDays(1)));
        Assert.Equal(
            [("A", TokenSigningCertificateState.Primary), ("B", TokenSigningCertificateState.Removed)],
            States([primary, waiting], T0.AddDays(6)));
    }

    [Fact]
    public void ARetiredCertificate_ThatExpiresWithinTheKeepPeriod_IsNoLongerPublished()
    {
        var first = Record("A", promotesAt: T0, notAfter: T0.AddDays(17));
        var second = Record("B", promotesAt: T0.AddDays(15), notAfter: T0.AddDays(400));

        Assert.Equal(TokenSigningCertificateState.Retired, TokenSigningCertificateSet.Classify([first, second], T0.AddDays(16), Keep)[0].State);
        Assert.Equal(TokenSigningCertificateState.Removed, TokenSigningCertificateSet.Classify([first, second], T0.AddDays(18), Keep)[0].State);
    }

    private static List<(string, TokenSigningCertificateState)> States(TokenSigningCertificateRecord[] records, DateTimeOffset now) =>
        [.. TokenSigningCertificateSet.Classify(records, now, Keep).Select(c => (c.Record.Thumbprint, c.State))];

    private static TokenSigningCertificateRecord Record(string thumbprint, DateTimeOffset? promotesAt, DateTimeOffset notAfter) => new()
    {
        Thumbprint = thumbprint,
        Certificate = [],
        ProtectedPrivateKey = string.Empty,
        Subject = "CN=" + thumbprint,
        NotBefore = T0.AddDays(-1),
        NotAfter = notAfter,
        CreatedAt = promotesAt ?? T0,
        PromotesAt = promotesAt,
    };
}
