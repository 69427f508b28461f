using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>dev-certs</c> verbs: the development PKI of the Certificates library.</summary>
internal sealed class DevCertsHandler(CliConsole console, CliInvocation invocation, TimeProvider timeProvider)
{
    public Task<int> GenerateAsync(string? directory, bool force, CancellationToken cancellationToken)
    {
        _ = (console, invocation, timeProvider, directory, force, cancellationToken);
        throw new CliRefusedException("dev-certs is not available yet: the Certificates library has no DevPki.");
    }

    public Task<int> RevokeAsync(string name, string? directory, CancellationToken cancellationToken)
    {
        _ = (name, directory, cancellationToken);
        throw new CliRefusedException("dev-certs revoke is not available yet: the Certificates library has no DevPki.");
    }
}
