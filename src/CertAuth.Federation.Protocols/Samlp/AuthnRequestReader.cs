using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Reads a <c>samlp:AuthnRequest</c> (Core §3.4.1). Signature checks are the caller's (two-phase read).</summary>
public sealed class AuthnRequestReader
{
    /// <summary>Reads the request that is the root of <paramref name="document"/>, or refuses it with the typed reason.</summary>
    public SamlResult<AuthnRequest> Read(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SamlResult<AuthnRequest>.Of(() => ReadOrThrow(document));
    }

    /// <summary>Reads an AuthnRequest element, or refuses it with the typed reason.</summary>
    public SamlResult<AuthnRequest> Read(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return SamlResult<AuthnRequest>.Of(() => ReadOrThrow(element));
    }

    /// <summary>As <see cref="Read(XmlDocument)"/>, for the validators of this assembly.</summary>
    internal AuthnRequest ReadOrThrow(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ReadOrThrow(document.DocumentElement
            ?? throw new SamlValidationException(SamlFailureReason.MalformedXml, "The document has no root element."));
    }

    /// <summary>As <see cref="Read(XmlElement)"/>, for the validators of this assembly.</summary>
    internal AuthnRequest ReadOrThrow(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.ExpectName(SamlNamespaces.Protocol, "AuthnRequest");
        AssertionReader.RequireVersion(element);
        var indexText = element.OptionalAttribute("AssertionConsumerServiceIndex");
        var request = new AuthnRequest
        {
            Id = element.RequiredAttribute("ID"),
            Version = SamlNamespaces.Version,
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            Destination = element.OptionalAttribute("Destination"),
            Issuer = element.OptionalChild(SamlNamespaces.Assertion, "Issuer")?.RequiredText(),
            AssertionConsumerServiceUrl = element.OptionalAttribute("AssertionConsumerServiceURL"),
            AssertionConsumerServiceIndex = indexText is null ? null : SamlXmlConvert.ParseUnsignedShort(indexText, "AssertionConsumerServiceIndex"),
            ProtocolBinding = element.OptionalAttribute("ProtocolBinding"),
            ForceAuthn = element.OptionalBoolean("ForceAuthn") ?? false,
            IsPassive = element.OptionalBoolean("IsPassive") ?? false,
        };

        if (request.AssertionConsumerServiceIndex is not null &&
            (request.AssertionConsumerServiceUrl is not null || request.ProtocolBinding is not null))
        {
            // Core §3.4.1: the index is mutually exclusive with the URL and the binding.
            throw new SamlValidationException(
                SamlFailureReason.SchemaViolation, "AssertionConsumerServiceIndex excludes AssertionConsumerServiceURL and ProtocolBinding.");
        }

        if (element.OptionalChild(SamlNamespaces.Protocol, "NameIDPolicy") is { } policy)
        {
            request.NameIdPolicy = new NameIdPolicy
            {
                Format = policy.OptionalAttribute("Format"),
                AllowCreate = policy.OptionalBoolean("AllowCreate"),
            };
        }

        if (element.OptionalChild(SamlNamespaces.Protocol, "RequestedAuthnContext") is { } requested)
        {
            var context = new RequestedAuthnContext { Comparison = requested.OptionalAttribute("Comparison") };
            foreach (var classRef in requested.ChildElements(SamlNamespaces.Assertion, "AuthnContextClassRef"))
            {
                context.AuthnContextClassRefs.Add(classRef.RequiredText());
            }

            request.RequestedAuthnContext = context;
        }

        return request;
    }
}
