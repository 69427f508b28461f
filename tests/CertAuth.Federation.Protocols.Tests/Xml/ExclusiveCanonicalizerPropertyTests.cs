using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;
using CsCheck;

namespace CertAuth.Federation.Protocols.Tests.Xml;

/// <summary>
/// The one canonicalizer (<see cref="ExclusiveCanonicalizer"/>) against two references on generated trees
/// (<see cref="XmlTreeGenerator"/>): .NET's <see cref="XmlDsigExcC14NTransform"/> on trees without TAB/LF/CR in
/// attribute values or CR in text (its DOM input is re-read, so those are out of its reach), and Debian xmlsec1
/// (libxml2/libxmlsec, an independent implementation) on trees that do hold them as character references, plus CDATA,
/// comments, processing instructions, namespace redeclarations, xml:* attributes and InclusiveNamespaces PrefixLists —
/// in both directions: xmlsec1 signs and our verifier must accept; we sign and xmlsec1 must verify.
/// </summary>
public sealed class ExclusiveCanonicalizerPropertyTests
{
    private const string RootNamespace = "urn:root";
    private const string Ds = "http://www.w3.org/2000/09/xmldsig#";
    private const string Ec = "http://www.w3.org/2001/10/xml-exc-c14n#";

    // The signed element sits inside a wrapper whose declarations are in scope but not in the output: exclusive C14N
    // must not render them unless visibly utilized or named by the PrefixList.
    private static readonly Dictionary<string, string> WrapperScope = new(StringComparer.Ordinal)
    {
        [string.Empty] = "urn:wrapper-default",
        ["a"] = "urn:wrapper-a",
        ["w"] = "urn:wrapper",
        ["r"] = RootNamespace,
    };

    [Fact]
    public void Canonicalize_EqualsXmlDsigExcC14NTransform_OnGeneratedTrees() =>
        FuzzBudget.Run(Gen.Int[0, int.MaxValue], 1500, seed =>
        {
            var xml = XmlTreeGenerator.Element(seed, characterReferences: false);
            var prefixList = XmlTreeGenerator.PrefixList(seed);
            var document = new SafeXmlLoader().Load(xml).OrThrow();

            var ours = ExclusiveCanonicalizer.Canonicalize(
                document.DocumentElement!, inclusivePrefixes: prefixList is null ? null : ExclusiveCanonicalizer.ParsePrefixList(prefixList));

            var transform = prefixList is null ? new XmlDsigExcC14NTransform() : new XmlDsigExcC14NTransform(prefixList);
            transform.LoadInput(document);
            using var stream = (Stream)transform.GetOutput(typeof(Stream));
            using var reference = new MemoryStream();
            stream.CopyTo(reference);
            Assert.Equal(Encoding.UTF8.GetString(reference.ToArray()), Encoding.UTF8.GetString(ours));
        }, seed => $"{seed}: {XmlTreeGenerator.Element(seed, characterReferences: false)} PrefixList={XmlTreeGenerator.PrefixList(seed)}");

    [Fact]
    public void SignedByXmlsec1_IsAcceptedByOurVerifier_AndAChangedValueIsNot() =>
        FuzzBudget.Run(Gen.Int[0, int.MaxValue], 40, seed =>
        {
            var template = Template(seed, XmlTreeGenerator.PrefixList(seed));
            var (exit, output, signed) = XmlSec1.SignAsync(template, TestCertificates.IdpRsa.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), RootNamespace + ":Root")
                .GetAwaiter().GetResult();
            Assert.True(exit == 0, output);

            var document = new SafeXmlLoader().Load(signed!).OrThrow();
            var root = (XmlElement)document.GetElementsByTagName("Root", RootNamespace)[0]!;
            var result = new SignatureVerifier().Verify(root, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();
            Assert.Equal(TestCertificates.IdpRsa.Thumbprint, result.SigningCertificate.Thumbprint);

            // The marker attribute is signed: a TAB where xmlsec1 signed a SPACE must not verify.
            var tampered = new SafeXmlLoader().Load(signed!.Replace("marker=\"a b\"", "marker=\"a&#9;b\"", StringComparison.Ordinal)).OrThrow();
            Reject.With(SamlFailureReason.InvalidSignature, () => new SignatureVerifier().Verify(
                (XmlElement)tampered.GetElementsByTagName("Root", RootNamespace)[0]!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
        }, seed => $"{seed}: {Template(seed, XmlTreeGenerator.PrefixList(seed))}");

    [Fact]
    public void SignedByUs_IsVerifiedByXmlsec1() =>
        FuzzBudget.Run(Gen.Int[0, int.MaxValue], 40, seed =>
        {
            var document = new SafeXmlLoader().Load(Unsigned(seed)).OrThrow();
            var root = (XmlElement)document.GetElementsByTagName("Root", RootNamespace)[0]!;
            new XmlSigner().Sign(root, TestCertificates.IdpRsa);
            var wire = BindingEncoding.Serialize(document);

            var (exit, output) = XmlSec1.VerifyAsync(wire, TestCertificates.IdpRsa.ExportCertificatePem(), RootNamespace + ":Root").GetAwaiter().GetResult();
            Assert.True(exit == 0, output + "\n" + wire);
        }, seed => $"{seed}: {Unsigned(seed)}");

    [Fact]
    public async Task Xmlsec1_RefusesWhatWeRefuse_ASignedSpaceReplacedByATab()
    {
        // The control for the two tests above: xmlsec1 is not lenient where our verifier is strict.
        var document = new SafeXmlLoader().Load(Unsigned(1)).OrThrow();
        var root = (XmlElement)document.GetElementsByTagName("Root", RootNamespace)[0]!;
        new XmlSigner().Sign(root, TestCertificates.IdpRsa);
        var wire = BindingEncoding.Serialize(document).Replace("marker=\"a b\"", "marker=\"a&#9;b\"", StringComparison.Ordinal);

        var (exit, _) = await XmlSec1.VerifyAsync(wire, TestCertificates.IdpRsa.ExportCertificatePem(), RootNamespace + ":Root");

        Assert.NotEqual(0, exit);
    }

    private static string Open() =>
        "<w:Wrapper xmlns:w=\"urn:wrapper\" xmlns=\"urn:wrapper-default\" xmlns:a=\"urn:wrapper-a\">" +
        $"<r:Root xmlns:r=\"{RootNamespace}\" ID=\"_root\" marker=\"a b\">";

    private static string Unsigned(int seed) =>
        Open() + XmlTreeGenerator.Content(seed, characterReferences: true, WrapperScope) + "</r:Root></w:Wrapper>";

    private static string Template(int seed, string? prefixList)
    {
        var inclusive = prefixList is null ? string.Empty : $"<ec:InclusiveNamespaces xmlns:ec=\"{Ec}\" PrefixList=\"{prefixList}\"/>";
        return Open() + XmlTreeGenerator.Content(seed, characterReferences: true, WrapperScope) +
            $"<ds:Signature xmlns:ds=\"{Ds}\"><ds:SignedInfo>" +
            $"<ds:CanonicalizationMethod Algorithm=\"{Ec}\">{inclusive}</ds:CanonicalizationMethod>" +
            "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>" +
            "<ds:Reference URI=\"#_root\"><ds:Transforms>" +
            "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>" +
            $"<ds:Transform Algorithm=\"{Ec}\">{inclusive}</ds:Transform></ds:Transforms>" +
            "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue></ds:DigestValue>" +
            "</ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue></ds:Signature></r:Root></w:Wrapper>";
    }
}
