using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Reads a <c>samlp:Response</c> (Core §3.3.3, §3.2.2). It trusts nothing; validation is separate.</summary>
public sealed class SamlResponseReader
{
    private readonly AssertionReader _assertionReader;

    /// <summary>Creates a reader with its own assertion reader.</summary>
    public SamlResponseReader()
        : this(new AssertionReader())
    {
    }

    /// <summary>Creates a reader with the given assertion reader.</summary>
    public SamlResponseReader(AssertionReader assertionReader)
    {
        _assertionReader = assertionReader ?? throw new ArgumentNullException(nameof(assertionReader));
    }

    /// <summary>
    /// Reads the response element; with <paramref name="includeAssertions"/>, also its direct child assertions. Refused
    /// with the typed reason when the shape is wrong.
    /// </summary>
    public SamlResult<SamlResponse> Read(XmlElement element, bool includeAssertions = true)
    {
        ArgumentNullException.ThrowIfNull(element);
        return SamlResult<SamlResponse>.Of(() => ReadOrThrow(element, includeAssertions));
    }

    /// <summary>As <see cref="Read"/>, for the validators of this assembly.</summary>
    internal SamlResponse ReadOrThrow(XmlElement element, bool includeAssertions = true)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.ExpectName(SamlNamespaces.Protocol, "Response");
        AssertionReader.RequireVersion(element);
        var response = new SamlResponse
        {
            Id = element.RequiredAttribute("ID"),
            IssueInstant = element.RequiredDateTime("IssueInstant"),
            InResponseTo = element.OptionalAttribute("InResponseTo"),
            Destination = element.OptionalAttribute("Destination"),
            Issuer = element.OptionalChild(SamlNamespaces.Assertion, "Issuer")?.RequiredText(),
            Status = ReadStatus(element.RequiredChild(SamlNamespaces.Protocol, "Status")),
        };

        if (includeAssertions)
        {
            foreach (var assertion in element.ChildElements(SamlNamespaces.Assertion, "Assertion"))
            {
                response.Assertions.Add(_assertionReader.ReadOrThrow(assertion));
            }
        }

        return response;
    }

    private static SamlStatus ReadStatus(XmlElement element)
    {
        var code = element.RequiredChild(SamlNamespaces.Protocol, "StatusCode");
        return new SamlStatus
        {
            StatusCode = code.RequiredAttribute("Value"),
            SecondLevelStatusCode = code.OptionalChild(SamlNamespaces.Protocol, "StatusCode")?.RequiredAttribute("Value"),
            StatusMessage = element.OptionalChild(SamlNamespaces.Protocol, "StatusMessage")?.FullText(),
        };
    }
}
