namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>
/// What a browser-facing endpoint URL (assertion consumer service, redirect URI, SSO URL) must look like before it is
/// trusted. One rule for the server's configuration, the stored trusts and the CLI.
/// </summary>
public static class EndpointUrlRules
{
    /// <summary>Absolute https URL without fragment or user info; plain http only for loopback hosts.</summary>
    public static bool IsAcceptable(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }
}
