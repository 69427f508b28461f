using System.Text;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Tests.TestKit;

namespace CertAuth.Federation.Protocols.Tests.Bindings;

public sealed class HttpPostBindingTests
{
    private readonly HttpPostBinding _binding = new();

    [Fact]
    public void EncodeDecode_RoundTrips()
    {
        var scenario = new SamlScenario();
        var document = scenario.WriteSigned(scenario.CreateResponse());

        Assert.Equal(document.OuterXml, _binding.Decode(_binding.Encode(document)).OrThrow());
    }

    [Fact]
    public void Decode_InvalidBase64_IsMalformedEncoding()
    {
        Reject.With(SamlFailureReason.MalformedEncoding, () => _binding.Decode("not*base64!").OrThrow());
    }

    [Fact]
    public void Decode_NotUtf8_IsMalformedEncoding()
    {
        Reject.With(SamlFailureReason.MalformedEncoding, () => _binding.Decode(Convert.ToBase64String([0x3C, 0x61, 0xC3, 0x28, 0x3E])).OrThrow());
    }

    [Fact]
    public void Decode_OverTheBound_IsMessageTooLarge()
    {
        var binding = new HttpPostBinding(new SamlBindingOptions { MaxPostEncodedLength = 1024 });

        Reject.With(SamlFailureReason.MessageTooLarge, () => binding.Decode(Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('a', 2000)))).OrThrow());
    }

    [Fact]
    public void Decode_DefaultBound_Is512KiB()
    {
        Reject.With(SamlFailureReason.MessageTooLarge, () => _binding.Decode(new string('A', (512 * 1024) + 4)).OrThrow());
    }

    [Fact]
    public void CheckRelayState_CountsUtf8Bytes()
    {
        var binding = new HttpPostBinding(new SamlBindingOptions { MaxRelayStateLength = 10 });

        binding.CheckRelayState("0123456789").OrThrow();
        Reject.With(SamlFailureReason.RelayStateTooLong, () => binding.CheckRelayState("ééééé1").OrThrow());
    }
}
