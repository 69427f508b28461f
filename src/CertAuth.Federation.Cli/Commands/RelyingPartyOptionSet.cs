using System.CommandLine;
using System.CommandLine.Parsing;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary>The options shared by <c>rp add</c> and <c>rp set</c> (set adds list edits and clear switches).</summary>
internal sealed class RelyingPartyOptionSet
{
    private readonly bool _forSet;
    private readonly Option<string[]> _acs = new("--acs") { Description = "Assertion consumer service URL (https; repeat for several; the first is the default)." };
    private readonly Option<string[]> _addAcs = new("--add-acs") { Description = "Add an ACS URL (repeatable)." };
    private readonly Option<string[]> _removeAcs = new("--remove-acs") { Description = "Remove an ACS URL (repeatable)." };
    private readonly Option<string?> _displayName = new("--display-name") { Description = "Display name." };
    private readonly Option<string?> _signingCert = new("--signing-cert") { Description = "Certificate (.cer/.pem) whose key signs the SP's AuthnRequests." };
    private readonly Option<bool> _noSigningCert = new("--no-signing-cert") { Description = "Forget the request signing certificate." };
    private readonly Option<bool?> _requireSigned = new("--require-signed-requests") { Description = "Refuse unsigned AuthnRequests (set: true|false)." };
    private readonly Option<bool?> _signResponse = new("--sign-response") { Description = "Sign the whole Response as well as the Assertion (set: true|false)." };
    private readonly Option<string?> _nameIdFormat = new("--name-id-format") { Description = "unspecified, email, persistent, transient, or a NameID format URI." };
    private readonly Option<string[]> _claims = new("--claim") { Description = "Claim type to release (repeatable; replaces the list; none = default set)." };
    private readonly Option<bool> _noClaims = new("--no-claims") { Description = "Release the default claim set." };
    private readonly Option<int?> _tokenLifetime = new("--token-lifetime") { Description = "Assertion lifetime in minutes (1-1440, default 60)." };
    private readonly Option<string?> _theme = new("--theme") { Description = "Theme of the sign-in pages for this relying party." };
    private readonly Option<bool> _noTheme = new("--no-theme") { Description = "Use the default theme." };
    private readonly Option<string?> _protocol = new("--protocol") { Description = "Sign-in protocol: saml2 (default) or wsfed (WS-Federation passive; the --acs URLs are then the allowed wreply endpoints)." };
    private readonly Option<string?> _tokenType = new("--token-type") { Description = "Token type for WS-Federation: saml11 (default) or saml2." };
    private readonly Option<string?> _sloUrl = new("--slo-url") { Description = "SAML 2.0 SingleLogoutService URL (https) for single logout." };
    private readonly Option<string?> _sloBinding = new("--slo-binding") { Description = "Binding of --slo-url: redirect (default) or post." };
    private readonly Option<bool> _noSlo = new("--no-slo") { Description = "Forget the SingleLogoutService (no single logout for this trust)." };
    private readonly Option<bool?> _enabled = new("--enabled") { Description = "Enable or disable the trust (true|false)." };

    public RelyingPartyOptionSet(bool forSet)
    {
        _forSet = forSet;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_acs);
        command.Options.Add(_displayName);
        command.Options.Add(_signingCert);
        command.Options.Add(_requireSigned);
        command.Options.Add(_signResponse);
        command.Options.Add(_nameIdFormat);
        command.Options.Add(_claims);
        command.Options.Add(_tokenLifetime);
        command.Options.Add(_theme);
        command.Options.Add(_protocol);
        command.Options.Add(_tokenType);
        command.Options.Add(_sloUrl);
        command.Options.Add(_sloBinding);
        if (_forSet)
        {
            command.Options.Add(_noSlo);
            command.Options.Add(_addAcs);
            command.Options.Add(_removeAcs);
            command.Options.Add(_noSigningCert);
            command.Options.Add(_noClaims);
            command.Options.Add(_noTheme);
            command.Options.Add(_enabled);
            command.Validators.Add(result =>
            {
                Exclusive(result, _signingCert, _noSigningCert);
                Exclusive(result, _claims, _noClaims);
                Exclusive(result, _theme, _noTheme);
                Exclusive(result, _sloUrl, _noSlo);
            });
        }
    }

    public RelyingPartyChanges Read(ParseResult parse) => new()
    {
        Acs = Present(parse, _acs),
        AddAcs = _forSet ? Present(parse, _addAcs) : null,
        RemoveAcs = _forSet ? Present(parse, _removeAcs) : null,
        DisplayName = parse.GetValue(_displayName),
        SigningCertificatePath = parse.GetValue(_signingCert),
        ClearSigningCertificate = _forSet && parse.GetValue(_noSigningCert),
        RequireSignedRequests = parse.GetValue(_requireSigned),
        SignResponse = parse.GetValue(_signResponse),
        NameIdFormat = parse.GetValue(_nameIdFormat),
        Claims = Present(parse, _claims),
        ClearClaims = _forSet && parse.GetValue(_noClaims),
        TokenLifetimeMinutes = parse.GetValue(_tokenLifetime),
        Theme = parse.GetValue(_theme),
        ClearTheme = _forSet && parse.GetValue(_noTheme),
        Enabled = _forSet ? parse.GetValue(_enabled) : null,
        Protocol = parse.GetValue(_protocol),
        TokenType = parse.GetValue(_tokenType),
        SingleLogoutServiceUrl = parse.GetValue(_sloUrl),
        SingleLogoutServiceBinding = parse.GetValue(_sloBinding),
        ClearSingleLogoutService = _forSet && parse.GetValue(_noSlo),
    };

    private static string[]? Present(ParseResult parse, Option<string[]> option) =>
        parse.GetResult(option) is null ? null : parse.GetValue(option);

    private static void Exclusive(CommandResult result, Option value, Option clear)
    {
        if (result.GetResult(value) is not null && result.GetResult(clear) is not null)
        {
            result.AddError($"{value.Name} and {clear.Name} cannot be used together.");
        }
    }
}
