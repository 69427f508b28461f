using System.Xml;
using CertAuth.Federation.Protocols.Bindings;

namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// The request-side checks of the WS-Federation passive requestor profile (WS-Federation 1.2 §13.2), in two phases
/// like the SAML sign-on: <see cref="Validate"/> checks the parameters alone (nothing is trusted yet), then
/// <see cref="CheckTrust"/> checks them against the relying-party trust <c>wtrealm</c> named — protocol, and
/// <c>wreply</c> equal (ordinal) to one of its registered endpoints, the first one when absent. Each returns a validated
/// message or a typed <see cref="WsFederationFailureReason"/>; nothing is thrown for bad input.
/// </summary>
public sealed class WsFederationRequestValidator(SamlBindingOptions options)
{
    /// <summary>Longest <c>wtrealm</c>, <c>wreply</c> and <c>whr</c> accepted.</summary>
    public const int MaxParameterLength = 1024;

    private static readonly string[] ProtocolParameters = ["wa", "wtrealm", "wreply", "wctx", "wct", "whr"];

    /// <summary>
    /// Phase one: <c>wa</c> present and supported, no protocol parameter twice, <c>wtrealm</c> present for sign-in,
    /// lengths bounded, <c>wreply</c> an absolute https URL, <c>wct</c> an xs:dateTime not in the future (beyond
    /// <paramref name="clockSkew"/>) nor older than <paramref name="maxAge"/>.
    /// </summary>
    /// <param name="parameters">The request's parameters (query or form), each with all its values.</param>
    /// <param name="now">The current time.</param>
    /// <param name="clockSkew">Allowed clock difference with the requestor.</param>
    /// <param name="maxAge">Oldest <c>wct</c> accepted (the sign-in context lifetime).</param>
    public WsFederationValidationResult Validate(
        IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, DateTimeOffset now, TimeSpan clockSkew, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var name in ProtocolParameters)
        {
            if (parameters.TryGetValue(name, out var values) && values.Count > 1)
            {
                return WsFederationValidationResult.Refused(WsFederationFailureReason.DuplicateParameter, $"Parameter {name} occurs more than once.");
            }
        }

        var action = Single(parameters, "wa");
        if (string.IsNullOrEmpty(action))
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.MissingAction, "The request carries no wa.");
        }

        if (action is not (WsFederationConstants.SignIn or WsFederationConstants.SignOut or WsFederationConstants.SignOutCleanup))
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.UnsupportedAction, "wa is not wsignin1.0, wsignout1.0 or wsignoutcleanup1.0.");
        }

        var realm = Single(parameters, "wtrealm");
        var reply = Single(parameters, "wreply");
        var homeRealm = Single(parameters, "whr");
        if (action == WsFederationConstants.SignIn && string.IsNullOrEmpty(realm))
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.MissingRealm, "A sign-in request must carry wtrealm.");
        }

        if (realm is { Length: > MaxParameterLength } || reply is { Length: > MaxParameterLength } || homeRealm is { Length: > MaxParameterLength })
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.ParameterTooLong, "wtrealm, wreply or whr is too long.");
        }

        if (!string.IsNullOrEmpty(reply) && !EndpointUrlRules.IsAcceptable(reply))
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.ReplyNotAbsoluteHttps, "wreply is not an absolute https URL.");
        }

        var context = Single(parameters, "wctx");
        if (context is not null && context.Length > options.MaxRelayStateLength)
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.ContextTooLong, "wctx is too long.");
        }

        DateTimeOffset? currentTime = null;
        if (Single(parameters, "wct") is { Length: > 0 } wct)
        {
            if (wct.Length > 64 || !TryParseDateTime(wct, out var parsed) || parsed > now + clockSkew || parsed < now - maxAge - clockSkew)
            {
                return WsFederationValidationResult.Refused(WsFederationFailureReason.CurrentTimeInvalid, "wct is not a current xs:dateTime.");
            }

            currentTime = parsed;
        }

        return WsFederationValidationResult.Valid(new WsFederationMessage
        {
            Action = action,
            Realm = string.IsNullOrEmpty(realm) ? null : realm,
            Reply = string.IsNullOrEmpty(reply) ? null : reply,
            Context = string.IsNullOrEmpty(context) ? null : context,
            CurrentTime = currentTime,
            HomeRealm = string.IsNullOrEmpty(homeRealm) ? null : homeRealm,
        });
    }

    /// <summary>
    /// Phase two, against the trust <c>wtrealm</c> named: it must exist (<paramref name="trustFound"/>), speak
    /// WS-Federation (<paramref name="trustIsWsFederation"/>), and <c>wreply</c> must equal one of
    /// <paramref name="registeredEndpoints"/> (ordinal); absent, the first is used. The result's message carries the
    /// resolved reply.
    /// </summary>
    public WsFederationValidationResult CheckTrust(
        WsFederationMessage message, bool trustFound, bool trustIsWsFederation, IReadOnlyList<string> registeredEndpoints)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(registeredEndpoints);
        if (!trustFound)
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.UnknownRealm, "wtrealm names no enabled relying party.");
        }

        if (!trustIsWsFederation)
        {
            return WsFederationValidationResult.Refused(WsFederationFailureReason.RealmNotWsFederation, "The relying party is not configured for WS-Federation.");
        }

        if (message.Reply is null)
        {
            return registeredEndpoints.Count > 0
                ? WsFederationValidationResult.Valid(message with { Reply = registeredEndpoints[0] })
                : WsFederationValidationResult.Refused(WsFederationFailureReason.NoReplyEndpoint, "The relying party has no registered endpoint.");
        }

        return registeredEndpoints.Contains(message.Reply, StringComparer.Ordinal)
            ? WsFederationValidationResult.Valid(message)
            : WsFederationValidationResult.Refused(WsFederationFailureReason.ReplyNotAllowed, "wreply is not registered for this relying party.");
    }

    private static string? Single(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, string name) =>
        parameters.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    private static bool TryParseDateTime(string value, out DateTimeOffset parsed)
    {
        try
        {
            parsed = new DateTimeOffset(XmlConvert.ToDateTime(value, XmlDateTimeSerializationMode.Utc), TimeSpan.Zero);
            return true;
        }
        catch (FormatException)
        {
            parsed = default;
            return false;
        }
    }
}
