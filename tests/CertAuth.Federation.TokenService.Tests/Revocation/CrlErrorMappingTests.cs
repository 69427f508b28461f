using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Tests.Revocation;

/// <summary>Every CRL problem maps to a CRL refusal code at refresh; none maps to anything that would accept.</summary>
public sealed class CrlErrorMappingTests
{
    [Theory]
    [InlineData(CrlErrorCode.Unparsable, TokenErrorCode.CrlUnparsable)]
    [InlineData(CrlErrorCode.UnsupportedCriticalExtension, TokenErrorCode.CrlUnparsable)]
    [InlineData(CrlErrorCode.Timeout, TokenErrorCode.CrlTimeout)]
    [InlineData(CrlErrorCode.WrongIssuer, TokenErrorCode.CrlSignatureInvalid)]
    [InlineData(CrlErrorCode.DeltaCrlNotNewerThanBase, TokenErrorCode.CrlUnavailable)]
    public void KnownCodes_MapToTheirRefusal(CrlErrorCode crl, TokenErrorCode expected)
        => Assert.Equal(expected, TokenErrorCatalog.ForCrl(crl));

    [Fact]
    public void EveryCrlErrorCode_MapsToACrlRefusal()
    {
        TokenErrorCode[] crlRefusals =
        [
            TokenErrorCode.CrlDownloadFailed, TokenErrorCode.CrlTimeout, TokenErrorCode.CrlUnparsable,
            TokenErrorCode.CrlSignatureInvalid, TokenErrorCode.CrlUnavailable,
        ];
        foreach (var code in Enum.GetValues<CrlErrorCode>())
        {
            Assert.Contains(TokenErrorCatalog.ForCrl(code), crlRefusals);
        }

        Assert.Contains(TokenErrorCatalog.ForCrl(null), crlRefusals);
    }
}
