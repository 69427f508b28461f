using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;

namespace CertAuth.Federation.Certificates.Tests.Mapping;

public sealed class CertificateUserMapperTests : IDisposable
{
    private readonly CertificateServices _services = new();
    private readonly TestPki _pki;

    public CertificateUserMapperTests()
    {
        _pki = TestPki.Create(_services.Clock);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Map_UpnAndEmail_PrefersUpnByDefault()
    {
        var identity = _services.Mapper.Map(_pki.IssueUser("alice", upn: "alice@contoso.com", email: "alice.smith@contoso.com"));

        Assert.NotNull(identity);
        Assert.Equal(CertificateMappingSource.SanUpn, identity!.MatchedBy);
        Assert.Equal("alice@contoso.com", identity.MatchedValue);
        Assert.Equal("alice.smith@contoso.com", identity.Email);
    }

    [Fact]
    public void Map_EmailOnly_UsesRfc822()
    {
        var identity = _services.Mapper.Map(_pki.IssueUser("bob", email: "bob@contoso.com"));

        Assert.Equal(CertificateMappingSource.SanRfc822, identity?.MatchedBy);
        Assert.Equal("bob@contoso.com", identity?.MatchedValue);
        Assert.Null(identity?.Upn);
    }

    [Fact]
    public void Map_OrderRfc822First_UsesEmail()
    {
        using var services = new CertificateServices(configure: b => b.ConfigureMapping(o => o.Order = [CertificateMappingSource.SanRfc822, CertificateMappingSource.SanUpn]));

        var identity = services.Mapper.Map(_pki.IssueUser("alice", upn: "alice@contoso.com", email: "alice.smith@contoso.com"));

        Assert.Equal(CertificateMappingSource.SanRfc822, identity?.MatchedBy);
        Assert.Equal("alice.smith@contoso.com", identity?.MatchedValue);
    }

    [Fact]
    public void Map_NoSan_ReturnsNull()
    {
        Assert.Null(_services.Mapper.Map(_pki.IssueUser("nobody")));
    }

    [Fact]
    public void Map_MalformedSan_ReturnsNullWithoutThrowing()
    {
        var options = _pki.UserOptions("broken") with { AdditionalExtensions = [new X509Extension("2.5.29.17", new byte[] { 0x30, 0x05, 0xA0, 0x10, 0x06 }, false)] };

        Assert.Null(_services.Mapper.Map(_pki.IssueUser(options)));
    }

    [Fact]
    public void Map_MultipleAndEmptyValues_UsesFirstNonEmpty()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteUpn(writer, string.Empty);
            WriteUpn(writer, "second@contoso.com");
            writer.WriteCharacterString(UniversalTagNumber.IA5String, "x@contoso.com", new Asn1Tag(TagClass.ContextSpecific, 1));
            WriteUpn(writer, "third@contoso.com");
        }

        var options = _pki.UserOptions("multi") with { AdditionalExtensions = [new X509Extension("2.5.29.17", writer.Encode(), false)] };
        var identity = _services.Mapper.Map(_pki.IssueUser(options));

        Assert.Equal("second@contoso.com", identity?.MatchedValue);
        Assert.Equal("x@contoso.com", identity?.Email);
    }

    private static void WriteUpn(AsnWriter writer, string upn)
    {
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            writer.WriteObjectIdentifier("1.3.6.1.4.1.311.20.2.3");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, upn);
            }
        }
    }
}
