using System.Reflection;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests;

/// <summary>
/// Issue 12 item 7, the Protocols layer: one outcome idiom. Bad input at a public entry point is a typed
/// <see cref="SamlResult{T}"/> (or a <see cref="SamlFailure"/>) carrying the stable <see cref="SamlFailureReason"/>;
/// the exception the private rule helpers throw is internal, so no other layer can catch it (the compiler proves that),
/// and no public member takes, returns or documents it.
/// </summary>
public sealed class OutcomeBoundaryTests
{
    private static readonly Assembly Protocols = typeof(SamlResult<>).Assembly;

    /// <summary>The readers, decoders and the verifier the other layers call for untrusted input, and the entry points of each.</summary>
    private static readonly (Type Type, string[] Methods)[] EntryPoints =
    [
        (typeof(SafeXmlLoader), ["Load"]),
        (typeof(HttpRedirectBinding), ["Decode"]),
        (typeof(HttpPostBinding), ["Decode", "CheckRelayState"]),
        (typeof(SignatureVerifier), ["Verify", "VerifyRedirectSignature"]),
        (typeof(AuthnRequestReader), ["Read"]),
        (typeof(LogoutMessageReader), ["ReadRequest", "ReadResponse"]),
        (typeof(SamlIssuerReader), ["ReadIssuer"]),
        (typeof(SamlResponseReader), ["Read"]),
        (typeof(AssertionReader), ["Read"]),
        (typeof(Saml11AssertionReader), ["Read"]),
        (typeof(MetadataReader), ["Read"]),
        (typeof(WsFederationMetadataReader), ["PassiveRequestorEndpoints"]),
    ];

    [Fact]
    public void SamlValidationException_IsNotPublic_AndNoPublicMemberTakesOrReturnsIt()
    {
        var exception = typeof(SamlValidationException);
        Assert.False(exception.IsVisible);
        Assert.DoesNotContain(exception, Protocols.GetExportedTypes());
        Assert.DoesNotContain(Protocols.GetExportedTypes(), t => typeof(Exception).IsAssignableFrom(t));

        var offenders = new List<string>();
        foreach (var type in Protocols.GetExportedTypes())
        {
            const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Public))
            {
                var mentioned = member switch
                {
                    MethodBase method => method.GetParameters().Select(p => p.ParameterType)
                        .Concat(method is MethodInfo info ? [info.ReturnType] : []),
                    PropertyInfo property => [property.PropertyType],
                    FieldInfo field => [field.FieldType],
                    _ => [],
                };
                if (mentioned.Any(t => Mentions(t, exception)))
                {
                    offenders.Add($"{type.Name}.{member.Name}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryEntryPoint_ReturnsTheTypedResult_AndItsSourceDocumentsNoException()
    {
        var root = RepositoryRoot();
        foreach (var (type, names) in EntryPoints)
        {
            foreach (var name in names)
            {
                var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => m.Name == name).ToList();
                Assert.NotEmpty(methods);
                foreach (var method in methods)
                {
                    var returns = method.ReturnType;
                    Assert.True(
                        returns == typeof(SamlFailure) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(SamlResult<>)),
                        $"{type.Name}.{name} returns {returns.Name}, not SamlResult<T> or SamlFailure?");
                }
            }

            // The public contract is the result: no doc comment of the type names the internal exception.
            var source = Directory.GetFiles(Path.Combine(root, "src", "CertAuth.Federation.Protocols"), type.Name + ".cs", SearchOption.AllDirectories).Single();
            var documentation = File.ReadLines(source).Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(documentation, l => l.Contains(nameof(SamlValidationException), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryEntryPoint_RefusesBadInput_WithTheTypedReason()
    {
        var other = Load("<x:Other xmlns:x=\"urn:other\"/>");
        var unsigned = Load($"<samlp:LogoutRequest xmlns:samlp=\"{SamlNamespaces.Protocol}\" ID=\"_a\"/>");
        var issuerWithElement = Load($"<samlp:AuthnRequest xmlns:samlp=\"{SamlNamespaces.Protocol}\" xmlns:saml=\"{SamlNamespaces.Assertion}\"><saml:Issuer><x/></saml:Issuer></samlp:AuthnRequest>");
        var addressWithElement = Load(
            $"<md:EntityDescriptor xmlns:md=\"{SamlNamespaces.Metadata}\" xmlns:xsi=\"{SamlNamespaces.Xsi}\" xmlns:fed=\"{WsFederationConstants.FederationNamespace}\" xmlns:wsa=\"{WsFederationConstants.AddressingNamespace}\" entityID=\"urn:e\">" +
            "<md:RoleDescriptor xsi:type=\"fed:SecurityTokenServiceType\"><fed:PassiveRequestorEndpoint><wsa:EndpointReference><wsa:Address><x/></wsa:Address></wsa:EndpointReference></fed:PassiveRequestorEndpoint></md:RoleDescriptor></md:EntityDescriptor>");

        Reject.With(SamlFailureReason.MalformedXml, () => new SafeXmlLoader().Load("<a>"));
        Reject.With(SamlFailureReason.DtdProhibited, () => new SafeXmlLoader().Load("<!DOCTYPE a [<!ENTITY e \"e\">]><a>&e;</a>"));
        Reject.With(SamlFailureReason.MalformedEncoding, () => new HttpPostBinding().Decode("not base64!"));
        Assert.Equal(SamlFailureReason.RelayStateTooLong, new HttpPostBinding(new SamlBindingOptions { MaxRelayStateLength = 4 }).CheckRelayState("12345")!.Reason);
        Assert.Null(new HttpPostBinding(new SamlBindingOptions { MaxRelayStateLength = 4 }).CheckRelayState("1234"));
        Reject.With(SamlFailureReason.MissingRequiredValue, () => new HttpRedirectBinding().Decode("RelayState=x"));
        Reject.With(SamlFailureReason.MalformedEncoding, () => new HttpRedirectBinding().Decode("SAMLRequest=%21%21"));
        Reject.With(SamlFailureReason.MissingSignature, () => new SignatureVerifier().Verify(unsigned.DocumentElement!, [TestCertificates.IdpRsa]));
        Reject.With(SamlFailureReason.MissingSignature, () => new SignatureVerifier().VerifyRedirectSignature("SAMLRequest=x", [TestCertificates.IdpRsa]));
        Reject.With(SamlFailureReason.WeakAlgorithm, () => new SignatureVerifier().VerifyRedirectSignature(
            "SAMLRequest=x&SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha1) + "&Signature=AA%3D%3D", [TestCertificates.IdpRsa]));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new AuthnRequestReader().Read(other));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new AuthnRequestReader().Read(other.DocumentElement!));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new LogoutMessageReader().ReadRequest(other));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new LogoutMessageReader().ReadResponse(other));
        Reject.With(SamlFailureReason.SchemaViolation, () => new SamlIssuerReader().ReadIssuer(issuerWithElement));
        Assert.Null(new SamlIssuerReader().ReadIssuer(other).Valid());
        Reject.With(SamlFailureReason.UnexpectedElement, () => new SamlResponseReader().Read(other.DocumentElement!));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new AssertionReader().Read(other.DocumentElement!));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new Saml11AssertionReader().Read(other.DocumentElement!));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new MetadataReader().Read(other));
        Reject.With(SamlFailureReason.UnexpectedElement, () => new MetadataReader().Read(other.DocumentElement!));
        Reject.With(SamlFailureReason.SchemaViolation, () => new WsFederationMetadataReader().PassiveRequestorEndpoints(addressWithElement.DocumentElement!, WsFederationMetadataReader.SecurityTokenServiceType));
    }

    [Fact]
    public void Then_PassesTheFirstRefusalThrough_AndIsValid_ExposesExactlyOneCase()
    {
        var calls = 0;
        var refused = new SafeXmlLoader().Load("<a>").Then(document => { calls++; return new MetadataReader().Read(document); });
        Assert.Equal(0, calls);
        Assert.Equal(SamlFailureReason.MalformedXml, refused.Refusal!.Reason);
        Assert.False(refused.IsValid(out var none, out var failure));
        Assert.Null(none);
        Assert.Same(refused.Refusal, failure);

        var read = new SafeXmlLoader().Load("<x:Other xmlns:x=\"urn:other\"/>").Then(document => { calls++; return SamlResult<string>.Accepted(document.DocumentElement!.LocalName); });
        Assert.Equal(1, calls);
        Assert.True(read.IsValid(out var name, out var noFailure));
        Assert.Equal("Other", name);
        Assert.Null(noFailure);
        Assert.Null(read.Refusal);
    }

    private static XmlDocument Load(string xml) => new SafeXmlLoader().Load(xml).Valid();

    private static bool Mentions(Type type, Type target) =>
        type == target
        || (type.HasElementType && Mentions(type.GetElementType()!, target))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, target)));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CertAuth.Federation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (CertAuth.Federation.sln) was not found above the test's output folder.");
    }
}
