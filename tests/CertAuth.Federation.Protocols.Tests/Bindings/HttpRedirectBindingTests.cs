using System.IO.Compression;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Bindings;

public sealed class HttpRedirectBindingTests
{
    private readonly HttpRedirectBinding _binding = new();
    private readonly SignatureVerifier _verifier = new();

    private static XmlDocument Request() => new AuthnRequestWriter().Write(new AuthnRequest
    {
        Id = SamlScenario.RequestId,
        IssueInstant = SamlScenario.Now,
        Issuer = SamlScenario.SpEntityId,
        Destination = "https://idp.example.com/adfs/ls/",
        AssertionConsumerServiceUrl = SamlScenario.AcsUrl,
    });

    private static string Deflated(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize))
        {
            deflate.Write(data);
        }

        return Uri.EscapeDataString(Convert.ToBase64String(output.ToArray()));
    }

    [Fact]
    public void EncodeDecode_RoundTripsMessageAndRelayState()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), "state with spaces & symbols/?");

        var message = _binding.Decode(query).OrThrow();

        Assert.Equal("SAMLRequest", message.ParameterName);
        Assert.Equal("state with spaces & symbols/?", message.RelayState);
        Assert.False(message.HasSignature);
        Assert.Equal(SamlScenario.RequestId, new AuthnRequestReader().Read(new SafeXmlLoader().Load(message.Xml).OrThrow()).OrThrow().Id);
    }

    [Theory]
    [InlineData(SignatureAlgorithms.RsaSha256)]
    [InlineData(SignatureAlgorithms.RsaSha512)]
    public void SignedQuery_VerifiesWithTrustedCertificate(string algorithm)
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), "rs", TestCertificates.IdpRsa, algorithm);

        var result = _verifier.VerifyRedirectSignature("?" + query, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();

        Assert.Equal(algorithm, result.SignatureAlgorithm);
        Assert.True(_binding.Decode(query).OrThrow().HasSignature);
    }

    [Fact]
    public void SignedQuery_Ecdsa_Verifies()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), null, TestCertificates.IdpEcdsa, SignatureAlgorithms.EcdsaSha256);

        Assert.NotNull(_verifier.VerifyRedirectSignature(query, [TestCertificates.PublicOnly(TestCertificates.IdpEcdsa)]).OrThrow());
    }

    [Fact]
    public void SignedQuery_RelayStateChanged_IsInvalidSignature()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), "good", TestCertificates.IdpRsa);

        Reject.With(SamlFailureReason.InvalidSignature, () => _verifier.VerifyRedirectSignature(
            query.Replace("RelayState=good", "RelayState=evil", StringComparison.Ordinal), [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
    }

    [Fact]
    public void SignedQuery_WrongKey_IsInvalidSignature()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), null, TestCertificates.AttackerRsa);

        Reject.With(SamlFailureReason.InvalidSignature, () => _verifier.VerifyRedirectSignature(query, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
    }

    [Fact]
    public void SignedQuery_Sha1_IsWeakAlgorithm()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request(), null, TestCertificates.IdpRsa)
            .Replace(Uri.EscapeDataString(SignatureAlgorithms.RsaSha256), Uri.EscapeDataString(SignatureAlgorithms.RsaSha1), StringComparison.Ordinal);

        Reject.With(SamlFailureReason.WeakAlgorithm, () => _verifier.VerifyRedirectSignature(query, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
    }

    [Fact]
    public void Decode_DeflateBomb_IsInflateBomb()
    {
        var bomb = Deflated(new byte[10 * 1024 * 1024]);
        Assert.True(bomb.Length < 64 * 1024);

        Reject.With(SamlFailureReason.InflateBomb, () => _binding.Decode("SAMLRequest=" + bomb).OrThrow());
    }

    [Fact]
    public void Decode_EncodedTooLong_IsMessageTooLarge()
    {
        var binding = new HttpRedirectBinding(new SamlBindingOptions { MaxRedirectEncodedLength = 100 });

        Reject.With(SamlFailureReason.MessageTooLarge, () => binding.Decode("SAMLRequest=" + new string('A', 200)).OrThrow());
    }

    [Fact]
    public void Decode_RelayStateTooLong_IsRelayStateTooLong()
    {
        var query = _binding.EncodeQueryString("SAMLRequest", Request()) + "&RelayState=" + new string('r', 1025);

        Reject.With(SamlFailureReason.RelayStateTooLong, () => _binding.Decode(query).OrThrow());
    }

    [Fact]
    public void Encode_RelayStateTooLong_IsRelayStateTooLong_WithConfiguredBound()
    {
        var binding = new HttpRedirectBinding(new SamlBindingOptions { MaxRelayStateLength = 80 });

        // Issue 12 item 7: what is sent was made or checked on the way in, so an over-long one is the caller's bug.
        var refused = Assert.Throws<ArgumentException>(() => binding.EncodeQueryString("SAMLRequest", Request(), new string('r', 81)));
        Assert.Equal("relayState", refused.ParamName);
        Assert.Contains("80 bytes", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("SAMLRequest=", binding.EncodeQueryString("SAMLRequest", Request(), new string('r', 80)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SAMLRequest=%%%notbase64")]
    [InlineData("SAMLRequest=bm90IGRlZmxhdGU%3D")]
    public void Decode_BadBase64OrDeflate_IsMalformedEncoding(string query)
    {
        Reject.With(SamlFailureReason.MalformedEncoding, () => _binding.Decode(query).OrThrow());
    }

    [Fact]
    public void Decode_NotUtf8_IsMalformedEncoding()
    {
        Reject.With(SamlFailureReason.MalformedEncoding, () => _binding.Decode("SAMLRequest=" + Deflated([0x3C, 0x61, 0xFF, 0xFE, 0x3E])).OrThrow());
    }

    [Fact]
    public void Decode_NoMessage_IsMissingRequiredValue()
    {
        Reject.With(SamlFailureReason.MissingRequiredValue, () => _binding.Decode("RelayState=x").OrThrow());
    }

    [Fact]
    public void BuildRedirectUrl_KeepsExistingQuery()
    {
        var url = _binding.BuildRedirectUrl("https://idp.example.com/adfs/ls/?x=1", "SAMLRequest", Request());

        Assert.StartsWith("https://idp.example.com/adfs/ls/?x=1&SAMLRequest=", url, StringComparison.Ordinal);
    }
}
