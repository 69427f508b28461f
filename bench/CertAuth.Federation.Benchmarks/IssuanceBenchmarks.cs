using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Issuing a SAML Response (build the model, write XML, sign the Assertion — exc-c14n, SHA-256 — serialize, base64)
/// against the one cost it cannot avoid, a raw private-key signature over data the size of a SignedInfo.
/// Target: issue rate >= 0.80 of the raw rate, i.e. a time ratio <= 1.25. The "one pass" rows are the product's path
/// (SignedXmlMessageWriter); the "(before)" rows the DOM signer plus a separate serialisation.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class IssuanceBenchmarks
{
    private Fixtures _f = null!;
    private RSA _rsa = null!;
    private ECDsa _ecdsa = null!;
    private byte[] _signedInfoSized = null!;
    private readonly SamlResponseWriter _writer = new();

    [GlobalSetup]
    public void Setup()
    {
        _f = new Fixtures();
        _rsa = _f.RsaSigning.GetRSAPrivateKey()!;
        _ecdsa = _f.EcdsaSigning.GetECDsaPrivateKey()!;
        // A SignedInfo of the issued Assertion is about 600 bytes of canonical XML.
        _signedInfoSized = RandomNumberGenerator.GetBytes(600);
    }

    [BenchmarkCategory("Issue RSA-2048"), Benchmark(Baseline = true, Description = "raw RSA-2048 SignData (SHA-256, PKCS#1)")]
    public byte[] RawRsaSign() => _rsa.SignData(_signedInfoSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [BenchmarkCategory("Issue RSA-2048"), Benchmark(Description = "issue Response, one pass (model, write, canonical bytes = wire, rsa-sha256, base64)")]
    public string IssueRsaOnePass() => _f.IssueOnePass(_f.NewResponse(), _f.RsaSigning, SignatureAlgorithms.RsaSha256);

    [BenchmarkCategory("Issue RSA-2048"), Benchmark(Description = "issue Response, signed Response + Assertion, one pass (2 signatures)")]
    public string IssueRsaOnePassBoth() => _f.IssueOnePass(_f.NewResponse(), _f.RsaSigning, SignatureAlgorithms.RsaSha256, signResponse: true);

    [BenchmarkCategory("Issue RSA-2048"), Benchmark(Description = "issue Response (model, write, XmlSigner rsa-sha256, POST encode) (before)")]
    public string IssueRsa() => _f.Issue(_f.NewResponse(), _f.RsaSigning, SignatureAlgorithms.RsaSha256);

    [BenchmarkCategory("Issue RSA-2048"), Benchmark(Description = "plain SignedXml pipeline (same document)")]
    public string PlainSignedXmlRsa()
    {
        var document = _writer.Write(_f.NewResponse());
        var assertion = (XmlElement)document.GetElementsByTagName("Assertion", SamlNamespaces.Assertion)[0]!;
        var signed = new SignedXml(assertion) { SigningKey = _rsa };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + assertion.GetAttribute("ID")) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(new KeyInfoX509Data(_f.RsaSigning));
        signed.ComputeSignature();
        assertion.InsertAfter(document.ImportNode(signed.GetXml(), true), assertion.FirstChild);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
    }

    [BenchmarkCategory("Issue ECDSA P-256"), Benchmark(Baseline = true, Description = "raw ECDSA P-256 SignData (SHA-256)")]
    public byte[] RawEcdsaSign() => _ecdsa.SignData(_signedInfoSized, HashAlgorithmName.SHA256);

    [BenchmarkCategory("Issue ECDSA P-256"), Benchmark(Description = "issue Response, one pass (model, write, canonical bytes = wire, ecdsa-sha256, base64)")]
    public string IssueEcdsaOnePass() => _f.IssueOnePass(_f.NewResponse(), _f.EcdsaSigning, SignatureAlgorithms.EcdsaSha256);

    [BenchmarkCategory("Issue ECDSA P-256"), Benchmark(Description = "issue Response (model, write, XmlSigner ecdsa-sha256, POST encode) (before)")]
    public string IssueEcdsa()
        => _f.Issue(_f.NewResponse(), _f.EcdsaSigning, SignatureAlgorithms.EcdsaSha256);
}
