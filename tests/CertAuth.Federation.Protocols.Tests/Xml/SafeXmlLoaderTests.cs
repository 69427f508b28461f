using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Xml;

public sealed class SafeXmlLoaderTests
{
    private readonly SafeXmlLoader _loader = new();

    [Fact]
    public void Load_Doctype_IsDtdProhibited()
    {
        Reject.With(SamlFailureReason.DtdProhibited, () => _loader.Load("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>").OrThrow());
    }

    [Fact]
    public void Load_ExternalEntity_IsDtdProhibited()
    {
        Reject.With(SamlFailureReason.DtdProhibited, () => _loader.Load(
            "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>").OrThrow());
    }

    [Fact]
    public void Load_BillionLaughs_IsDtdProhibited()
    {
        Reject.With(SamlFailureReason.DtdProhibited, () => _loader.Load(
            "<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;\">]><l>&c;</l>").OrThrow());
    }

    [Fact]
    public void Load_NotWellFormed_IsMalformedXml()
    {
        Reject.With(SamlFailureReason.MalformedXml, () => _loader.Load("<a><b></a>").OrThrow());
    }

    [Fact]
    public void Load_OverTheBound_IsMessageTooLarge()
    {
        var loader = new SafeXmlLoader(100);

        Reject.With(SamlFailureReason.MessageTooLarge, () => loader.Load("<a>" + new string('x', 200) + "</a>").OrThrow());
    }

    [Fact]
    public void Load_PreservesWhitespace()
    {
        var document = _loader.Load("<a>\n  <b> x </b>\n</a>").OrThrow();

        Assert.True(document.PreserveWhitespace);
        Assert.Equal("\n  <b> x </b>\n", document.DocumentElement!.InnerXml);
    }
}
