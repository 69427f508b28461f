using System.IO.Compression;
using System.Text;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using CsCheck;

namespace CertAuth.Federation.Protocols.Tests.Fuzz;

/// <summary>
/// Property tests over every way a SAML message enters: the response validator (random bytes, random base64, mutations
/// of a valid signed response) and the HTTP-Redirect AuthnRequest path (random and mutated deflate). The property: the
/// response validator, the HTTP-Redirect decoder, the loader and the AuthnRequest reader answer every input with a typed
/// <see cref="SamlResult{T}"/> (issue 12 item 7: no exception leaves them; an invalid one carries a defined reason), and
/// an accepted mutation never changes who signs in. The other entry points: <see cref="EntryPointFuzzTests"/>. About 12,000 cases; budget and seed in <see cref="FuzzBudget"/>.
/// </summary>
public sealed class SamlInputFuzzTests
{
    private static readonly string[] Tokens =
    [
        "<!--x-->", "<!DOCTYPE r [<!ENTITY e \"e\">]>", "&e;", "&amp;", "&#0;", "<saml:Assertion ID=\"_f\">", "</saml:Assertion>",
        "ID=\"_dup\"", "xmlns=\"\"", "<![CDATA[x]]>", "<?xml version=\"1.0\"?>", "\u0000", "\uFFFE", "evil@example.com", "<x/>",
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>", "]]>", "\"", "'", "<", ">",
    ];

    private static readonly SamlScenario Scenario = new();
    private static readonly string ValidXml = Scenario.WriteSigned(Scenario.CreateResponse(), signAssertion: true, signResponse: true).OuterXml;
    private static readonly string ValidAuthnRequestXml = new AuthnRequestWriter().Write(new AuthnRequest
    {
        Id = SamlScenario.RequestId,
        IssueInstant = SamlScenario.Now,
        Issuer = SamlScenario.SpEntityId,
        Destination = "https://idp.example.com/adfs/ls/",
        AssertionConsumerServiceUrl = SamlScenario.AcsUrl,
    }).OuterXml;

    [Fact]
    public void ResponseValidator_RandomBytes_OnlyTypedRejections() =>
        FuzzBudget.Run(Gen.Byte.Array[0, 4096], 3000, bytes => ValidateTyped(Convert.ToBase64String(bytes)));

    [Fact]
    public void ResponseValidator_RandomBase64AndXmlText_OnlyTypedRejections() =>
        FuzzBudget.Run(Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ <>\"'&;!\r\n\t%"], 0, 3000], 2000, ValidateTyped);

    [Fact]
    public void ResponseValidator_MutatedSignedResponse_IsRejectedTyped_OrAcceptedForTheSameUser()
    {
        Assert.Equal(SamlScenario.UserUpn, Validate(ValidXml).Valid().Assertion.Subject!.NameId!.Value);
        FuzzBudget.Run(Mutations(ValidXml.Length), 4000, m => ValidateTyped(Mutate(ValidXml, m), base64: m.Kind % 2 == 0), m => m.ToString());
    }

    [Fact]
    public void RedirectBinding_RandomAndMutatedDeflate_OnlyTypedRejections()
    {
        var binding = new HttpRedirectBinding();
        var random = Gen.Byte.Array[0, 2048].Select(bytes => "SAMLRequest=" + Uri.EscapeDataString(Convert.ToBase64String(bytes)));
        var mutated = Mutations(ValidAuthnRequestXml.Length).Select(m => "SAMLRequest=" + Uri.EscapeDataString(Convert.ToBase64String(Deflate(Mutate(ValidAuthnRequestXml, m)))));
        var rawQueries = Gen.String[Gen.Char["SAMLRequest=RelayStaeSigAlg&%+/0123456789abcdef"], 0, 512];
        FuzzBudget.Run(Gen.OneOf(random, mutated, rawQueries), 3000, query =>
        {
            // Issue 12 item 7: decoder, loader and reader answer with typed results (an exception fails the test).
            var read = binding.Decode(query).Then(message => new SafeXmlLoader().Load(message.Xml)).Then(new AuthnRequestReader().Read);
            if (read is SamlResult<AuthnRequest>.Invalid { Failure: var failure })
            {
                Assert.True(Enum.IsDefined(failure.Reason));
                Assert.DoesNotContain("<", failure.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.IsType<SamlResult<AuthnRequest>.Valid>(read);
            }
        });
    }

    /// <summary>Validates a fresh copy (own replay cache); accepted → the same subject, rejected → a typed reason only.</summary>
    private static void ValidateTyped(string input) => ValidateTyped(input, base64: false);

    private static void ValidateTyped(string input, bool base64)
    {
        // Issue 12 item 7: bad input is a typed result, never an exception (an exception here fails the test).
        switch (Validate(base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(input)) : input))
        {
            case SamlResult<ValidatedAssertion>.Valid { Value: var accepted }:
                Assert.Equal(SamlScenario.UserUpn, accepted.Assertion.Subject!.NameId!.Value);
                Assert.Equal(SamlScenario.IdpEntityId, accepted.Assertion.Issuer);
                break;
            case SamlResult<ValidatedAssertion>.Invalid { Failure: var failure }:
                Assert.True(Enum.IsDefined(failure.Reason));
                Assert.DoesNotContain("<", failure.Message, StringComparison.Ordinal);
                break;
        }
    }

    private static SamlResult<ValidatedAssertion> Validate(string input)
    {
        var scenario = new SamlScenario();
        return new SamlResponseValidator().Validate(input, scenario.Parameters());
    }

    internal static Gen<Mutation> Mutations(int length) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, length - 1], Gen.Int[1, 64], Gen.Int[0, Tokens.Length - 1], Gen.Char)
            .Select(t => new Mutation(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    internal static string Mutate(string text, Mutation m)
    {
        var position = Math.Min(m.Position, text.Length - 1);
        var length = Math.Min(m.Length, text.Length - position);
        return m.Kind switch
        {
            0 => text.Remove(position, length),
            1 => text.Insert(position, Tokens[m.Token]),
            2 => text.Insert(position, text.Substring(position, length)),
            3 => text[..position] + m.Char + text[(position + 1)..],
            4 => text.Remove(position, length).Insert(Math.Min(position, text.Length - length), Tokens[m.Token]),
            _ => text[..position] + text[position..].Replace(text[position], m.Char),
        };
    }

    private static byte[] Deflate(string xml)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
        {
            deflate.Write(Encoding.UTF8.GetBytes(xml));
        }

        return output.ToArray();
    }

    internal readonly record struct Mutation(int Kind, int Position, int Length, int Token, char Char);
}
