using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// The elements <see cref="SignedXmlMessageWriter"/> signs, and where each one sits in the canonical form of the whole
/// document as <see cref="ExclusiveCanonicalizer.WriteDocument"/> writes it: the start of its start tag, the end of its
/// end tag, and the slot of its enveloped <c>ds:Signature</c> (after the <c>saml:Issuer</c> child, before the end tag for
/// SAML 1.1, or right after the start tag). Offsets are in UTF-16 characters of the output.
/// </summary>
internal sealed class CanonicalRegions
{
    private readonly Region[] _regions;
    private readonly Stack<int> _boundaries = new();

    public CanonicalRegions(Region[] regions)
    {
        _regions = regions;
    }

    /// <summary>The regions, in the order given.</summary>
    public IReadOnlyList<Region> Regions => _regions;

    /// <summary>
    /// True when a region's bytes in the document's canonical form would differ from its element's canonical form as an
    /// apex (a namespace rendered outside the region relied on inside it), or a signature slot sits where <c>ds</c> is
    /// already rendered. The writer then signs the slow, always-correct way.
    /// </summary>
    public bool Mismatch { get; private set; }

    public void Enter(XmlElement element, int position, int renderedCount)
    {
        if (Find(element) is { } region)
        {
            region.Start = position;
            _boundaries.Push(renderedCount);
        }
    }

    public void StartTagWritten(XmlElement element, int position, List<(string Prefix, string Uri)> rendered)
    {
        if (Find(element) is { Slot: SignatureSlot.First } region)
        {
            SetInsert(region, position, rendered);
        }
    }

    public void BeforeEndTag(XmlElement element, int position, List<(string Prefix, string Uri)> rendered)
    {
        if (Find(element) is { Slot: SignatureSlot.Last } region)
        {
            SetInsert(region, position, rendered);
        }
    }

    public void AfterEndTag(XmlElement element, int position, List<(string Prefix, string Uri)> rendered)
    {
        foreach (var region in _regions)
        {
            if (ReferenceEquals(region.Element, element))
            {
                region.End = position;
                _boundaries.Pop();
            }
            else if (region.Slot == SignatureSlot.AfterIssuer && ReferenceEquals(region.Issuer, element))
            {
                SetInsert(region, position, rendered);
            }
        }
    }

    /// <summary>
    /// Called for every namespace an element visibly uses. Inside a region (other than one that starts with nothing
    /// rendered), a use that the whole-document form leaves undeclared because an ancestor outside the region declared it
    /// (or that needs <c>xmlns=""</c> only because of an outside default) would be declared in the apex form: a mismatch.
    /// </summary>
    public void CheckUse(List<(string Prefix, string Uri)> rendered, string prefix, string uri)
    {
        if (_boundaries.Count == 0 || _boundaries.Peek() == 0)
        {
            return;
        }

        var boundary = _boundaries.Peek();
        for (var i = rendered.Count - 1; i >= 0; i--)
        {
            if (rendered[i].Prefix != prefix)
            {
                continue;
            }

            if (i < boundary && (uri.Length == 0 ? rendered[i].Uri.Length != 0 : rendered[i].Uri == uri))
            {
                Mismatch = true;
            }

            return;
        }
    }

    private void SetInsert(Region region, int position, List<(string Prefix, string Uri)> rendered)
    {
        region.Insert = position;
        if (ExclusiveCanonicalizer.Lookup(rendered, Saml.SamlNamespaces.XmlDsigPrefix) is not null)
        {
            Mismatch = true;
        }
    }

    private Region? Find(XmlElement element)
    {
        foreach (var region in _regions)
        {
            if (ReferenceEquals(region.Element, element))
            {
                return region;
            }
        }

        return null;
    }

    /// <summary>Where the enveloped signature goes inside the signed element.</summary>
    internal enum SignatureSlot
    {
        /// <summary>Right after the start tag (no Issuer child: metadata).</summary>
        First,

        /// <summary>Right after the <c>saml:Issuer</c> child (SAML 2.0, Core §5.4.1).</summary>
        AfterIssuer,

        /// <summary>Last child (SAML 1.1 Core §2.3.2).</summary>
        Last,
    }

    /// <summary>One element to sign and its recorded offsets (-1 until seen).</summary>
    internal sealed class Region(XmlElement element, string id, SignatureSlot slot, XmlElement? issuer, int depth)
    {
        public XmlElement Element { get; } = element;

        public string Id { get; } = id;

        public SignatureSlot Slot { get; } = slot;

        public XmlElement? Issuer { get; } = issuer;

        public int Depth { get; } = depth;

        public int Start { get; set; } = -1;

        public int Insert { get; set; } = -1;

        public int End { get; set; } = -1;
    }
}
