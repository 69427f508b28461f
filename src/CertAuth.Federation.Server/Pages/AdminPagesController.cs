using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server.Explain;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// The revocation status admin page (issue 15), next to the error-page preview and behind the same switch
/// (<see cref="PreviewController.IsEnabled"/>: Development or <c>Federation:EnablePreview</c>; 404 otherwise), and under
/// the same URL prefix, so the admin rate-limit policy applies to it (<see cref="Hosting.FederationRateLimiting.ApplyPolicyByRoute"/>).
/// <list type="bullet">
/// <item><c>GET /adfs/portal/preview/crl-status</c>: one row per trusted CA and CRL kind (base, delta), read with
/// <see cref="TrustedAuthorityManager.CrlStatusAsync"/> (what <c>certauth ca crl-status</c> prints).</item>
/// <item><c>POST /adfs/portal/preview/crl-status/refresh</c> (antiforgery): <see cref="TrustedAuthorityManager.RequestCrlRefreshAsync"/>
/// for one CA (<c>id</c>) or all, then a redirect back with a notice (post/redirect/get).</item>
/// <item><c>POST /adfs/portal/preview/explain</c> (antiforgery): explains a pasted PEM certificate with
/// <see cref="CertificateExplainer"/> (read-only: nobody is signed in). At most <see cref="MaxPemChars"/> characters;
/// a PEM holding a private key is refused.</item>
/// </list>
/// The "next refresh" column is the cache's rule (<see cref="CrlCache"/>): a background refresh once
/// <see cref="CrlOptions.RefreshAheadFraction"/> of the CRL's validity has passed, and after a failed download no new
/// attempt for <see cref="CrlOptions.RetryInterval"/>.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AdminPagesController.Gate]
public sealed class AdminPagesController(
    IOptions<CrlOptions> crlOptions,
    TrustedAuthorityManager authorities,
    CertificateExplainer explainer,
    ErrorPageFactory pages,
    TimeProvider timeProvider) : Controller
{
    /// <summary>The page's path.</summary>
    public const string Path = "/adfs/portal/preview/crl-status";

    /// <summary>Largest PEM text the explain form accepts (16 KiB).</summary>
    public const int MaxPemChars = 16 * 1024;

    /// <summary>The audit actor when no client certificate is presented.</summary>
    public const string DefaultActor = "admin page";

    private static readonly IReadOnlyList<StoreRole> Roles = [StoreRole.Federation];

    [HttpGet(Path)]
    public async Task<IActionResult> CrlStatus([FromQuery] string? refreshed, [FromQuery] string? refused, CancellationToken cancellationToken)
    {
        var model = await BuildAsync(cancellationToken);
        var notice = refreshed is null ? null
            : refreshed == "*" ? "A CRL refresh of every CA was requested; the server downloads them within its poll interval."
            : model.Rows.Any(r => r.CaId == refreshed) ? $"A CRL refresh of {refreshed} was requested; the server downloads it within its poll interval."
            : null;
        var error = refused is not null && refused.Length <= 16 && refused.All(char.IsAsciiLetterOrDigit) ? $"The refresh was refused ({refused})." : null;
        return Page(model with { Notice = notice, Error = model.Error ?? error });
    }

    [HttpPost(Path + "/refresh")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Refresh([FromForm] string? id, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrWhiteSpace(id) || id.Length > 200 ? null : id.Trim();
        if (target is null && !string.IsNullOrWhiteSpace(id))
        {
            return Redirect(Path + "?refused=" + Administration.AdminCodes.TooLong);
        }

        var result = await authorities.RequestCrlRefreshAsync(target, Roles, Actor(), cancellationToken);
        return result.Succeeded
            ? Redirect(Path + "?refreshed=" + Uri.EscapeDataString(result.Value!.Target))
            : Redirect(Path + "?refused=" + Uri.EscapeDataString(result.Error!.Code));
    }

    [HttpPost("/adfs/portal/preview/explain")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Explain([FromForm] string? pem, [FromForm] string? relyingParty, CancellationToken cancellationToken)
    {
        var model = await BuildAsync(cancellationToken);
        var rp = string.IsNullOrWhiteSpace(relyingParty) ? null : relyingParty.Trim();
        if (rp is { Length: > 1024 })
        {
            return Page(model with { ExplainError = "The relying party identifier is too long (at most 1024 characters)." }, StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(pem))
        {
            return Page(model with { ExplainRelyingParty = rp, ExplainError = "Paste a certificate in PEM form (-----BEGIN CERTIFICATE-----)." }, StatusCodes.Status400BadRequest);
        }

        if (pem.Length > MaxPemChars)
        {
            return Page(model with { ExplainRelyingParty = rp, ExplainError = $"The PEM text is too large ({pem.Length} characters; at most {MaxPemChars})." }, StatusCodes.Status400BadRequest);
        }

        // Never echo or parse key material: the page refuses it outright (and does not send it back).
        if (pem.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase))
        {
            return Page(model with { ExplainRelyingParty = rp, ExplainError = "The PEM contains a private key. Paste only the certificate; the key was not read and nothing was kept." }, StatusCodes.Status400BadRequest);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return Page(model with { ExplainPem = pem, ExplainRelyingParty = rp, ExplainError = "The text holds no readable certificate (expected -----BEGIN CERTIFICATE-----)." }, StatusCodes.Status400BadRequest);
        }

        using (certificate)
        {
            var explanation = await explainer.ExplainAsync(certificate, rp, cancellationToken);
            return Page(model with { ExplainPem = pem, ExplainRelyingParty = rp, Explanation = explanation });
        }
    }

    private async Task<CrlStatusPageModel> BuildAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var status = await authorities.CrlStatusAsync(null, Roles, cancellationToken);
        var crl = crlOptions.Value;
        var rows = status.Succeeded
            ? status.Value!.Select(e => Row(e, now, crl)).ToList()
            : [];
        return new CrlStatusPageModel
        {
            Now = now,
            Rows = rows,
            Error = status.Succeeded ? null : $"{status.Error!.Code}: {status.Error.Message}",
        };
    }

    private static CrlStatusRow Row(CrlStatusEntry entry, DateTimeOffset now, CrlOptions crl)
    {
        var state = entry.State;
        long? age = state?.ThisUpdate is { } thisUpdate ? (long)Math.Floor((now - thisUpdate).TotalSeconds) : null;
        DateTimeOffset? next = null;
        if (state?.ThisUpdate is { } from && state.NextUpdate is { } to)
        {
            next = from + ((to - from) * crl.RefreshAheadFraction);
        }

        if (state?.LastError is not null && state.LastFetch is { } failedAt && (next is null || next < failedAt + crl.RetryInterval))
        {
            next = failedAt + crl.RetryInterval;
        }

        return new CrlStatusRow(entry.CaId, entry.Kind, entry.Url, state?.LastCrlNumber, state?.ThisUpdate, state?.NextUpdate, age, state?.Entries, state?.LastFetch, state?.LastError, next);
    }

    private string Actor()
    {
        var subject = HttpContext.Connection.ClientCertificate?.Subject;
        return string.IsNullOrWhiteSpace(subject) ? DefaultActor : subject.Length > 200 ? subject[..200] : subject;
    }

    private ViewResult Page(CrlStatusPageModel model, int status = StatusCodes.Status200OK)
    {
        Response.Headers.CacheControl = "no-store";
        ViewData[PageChrome.ViewDataKey] = pages.CreateChrome(HttpContext);
        var view = View("CrlStatus", model);
        view.StatusCode = status;
        return view;
    }

    /// <summary>
    /// The admin pages' switch as the first filter: with the pages off every route (also a POST without an antiforgery
    /// token, whose check is a later filter) answers 404, so nothing tells the pages exist.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class GateAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
    {
        public int Order => int.MinValue;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var services = context.HttpContext.RequestServices;
            if (!PreviewController.IsEnabled(services.GetRequiredService<IWebHostEnvironment>(), services.GetRequiredService<IOptions<FederationServerOptions>>().Value))
            {
                context.Result = new NotFoundResult();
            }
        }
    }
}
