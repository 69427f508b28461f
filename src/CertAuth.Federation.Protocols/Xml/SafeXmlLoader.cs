using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Loads untrusted XML: no DTD (a DOCTYPE is rejected, so no entity can be declared or expanded), no resolver
/// (nothing is fetched), a bound on document size, a bound on element nesting depth enforced while parsing (the DOM is
/// never built deeper, so no later tree walk can exhaust the stack), and whitespace preserved so that signatures still
/// verify.
/// </summary>
public sealed class SafeXmlLoader
{
    /// <summary>Default bound on the number of characters in a document (1 MiB characters).</summary>
    public const long DefaultMaxCharactersInDocument = 1024 * 1024;

    /// <summary>
    /// Default bound on element nesting (the root is level 1): far above any real SAML, WS-Federation or metadata
    /// document (a signed Response with an Assertion and its Signature's InclusiveNamespaces is about 8 levels).
    /// </summary>
    public const int DefaultMaxElementDepth = 64;

    private readonly long _maxCharactersInDocument;
    private readonly int _maxElementDepth;

    /// <summary>Creates a loader with the default bounds.</summary>
    public SafeXmlLoader()
        : this(DefaultMaxCharactersInDocument)
    {
    }

    /// <summary>Creates a loader with an explicit bound on document size in characters and the default depth bound.</summary>
    public SafeXmlLoader(long maxCharactersInDocument)
        : this(maxCharactersInDocument, DefaultMaxElementDepth)
    {
    }

    /// <summary>Creates a loader with explicit bounds on document size in characters and on element nesting depth.</summary>
    public SafeXmlLoader(long maxCharactersInDocument, int maxElementDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharactersInDocument);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxElementDepth);
        _maxCharactersInDocument = maxCharactersInDocument;
        _maxElementDepth = maxElementDepth;
    }

    /// <summary>The deepest element nesting accepted (the root element is level 1).</summary>
    public int MaxElementDepth => _maxElementDepth;

    /// <summary>
    /// Parses <paramref name="xml"/> into a document, or refuses it with <see cref="SamlFailureReason.MessageTooLarge"/>,
    /// <see cref="SamlFailureReason.MalformedXml"/>, <see cref="SamlFailureReason.DtdProhibited"/> or
    /// <see cref="SamlFailureReason.NestingTooDeep"/>.
    /// </summary>
    public SamlResult<XmlDocument> Load(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return SamlResult<XmlDocument>.Of(() => LoadOrThrow(xml));
    }

    /// <summary>As <see cref="Load"/>, for the validators of this assembly, whose rule helpers signal by exception.</summary>
    internal XmlDocument LoadOrThrow(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > _maxCharactersInDocument)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The XML document exceeds the size limit.");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = _maxCharactersInDocument,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            IgnoreWhitespace = false,
            CloseInput = true,
        };

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = new DepthLimitingXmlReader(XmlReader.Create(new StringReader(xml), settings), _maxElementDepth);
            document.Load(reader);
        }
        catch (XmlException ex)
        {
            // The DOCTYPE test only classifies a document that already failed; it never lets anything through.
            var reason = xml.Contains("<!DOCTYPE", StringComparison.Ordinal)
                ? SamlFailureReason.DtdProhibited
                : SamlFailureReason.MalformedXml;
            var message = reason == SamlFailureReason.DtdProhibited
                ? "The XML document carries a DOCTYPE; DTDs are prohibited."
                : $"The XML document is not well formed (line {ex.LineNumber}, position {ex.LinePosition}).";
            throw new SamlValidationException(reason, message, ex);
        }

        if (document.DocumentElement is null)
        {
            throw new SamlValidationException(SamlFailureReason.MalformedXml, "The XML document has no root element.");
        }

        return document;
    }
}
