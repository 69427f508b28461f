namespace CertAuth.Federation.Server;

/// <summary>What an assertion consumer service URL must look like before it is trusted.</summary>
public static class AcsUrlRules
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
