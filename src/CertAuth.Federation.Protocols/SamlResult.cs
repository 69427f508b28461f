namespace CertAuth.Federation.Protocols;

/// <summary>
/// Why a SAML / WS-Federation message was refused: the stable, typed <see cref="Reason"/> and a short description for
/// logs (never the message, token or assertion XML). For <see cref="SamlFailureReason.StatusNotSuccess"/> the issuer's
/// (untrusted) status codes come along.
/// </summary>
public sealed record SamlFailure(SamlFailureReason Reason, string Message)
{
    /// <summary>For <see cref="SamlFailureReason.StatusNotSuccess"/>: the top-level status code the issuer sent.</summary>
    public string? StatusCode { get; init; }

    /// <summary>For <see cref="SamlFailureReason.StatusNotSuccess"/>: the second-level status code, if any.</summary>
    public string? SecondLevelStatusCode { get; init; }

    internal static SamlFailure From(SamlValidationException exception) =>
        new(exception.Reason, exception.Message) { StatusCode = exception.StatusCode, SecondLevelStatusCode = exception.SecondLevelStatusCode };
}

/// <summary>
/// The outcome of a Protocols reader or validator for untrusted input (issue 12 item 7): exactly one case, the
/// <see cref="Valid"/> value or the <see cref="Invalid"/> failure with its stable reason. Bad input is never an
/// exception at these entry points; exceptions are left for bugs (e.g. a null argument).
/// </summary>
/// <typeparam name="T">What a valid message yields.</typeparam>
public abstract record SamlResult<T>
{
    private SamlResult()
    {
    }

    /// <summary>The message is valid and yields <paramref name="Value"/>.</summary>
    public sealed record Valid(T Value) : SamlResult<T>;

    /// <summary>The message is refused with <paramref name="Failure"/>.</summary>
    public sealed record Invalid(SamlFailure Failure) : SamlResult<T>;

    /// <summary>A valid result with <paramref name="value"/>.</summary>
    public static SamlResult<T> Accepted(T value) => new Valid(value);

    /// <summary>A refusal with <paramref name="reason"/> and a short description (no message content).</summary>
    public static SamlResult<T> Refused(SamlFailureReason reason, string message) => new Invalid(new SamlFailure(reason, message));

    /// <summary>A refusal with <paramref name="failure"/> (e.g. one another step returned).</summary>
    public static SamlResult<T> Refused(SamlFailure failure) => new Invalid(failure ?? throw new ArgumentNullException(nameof(failure)));

    /// <summary>The refusal, or null when the result is <see cref="Valid"/>.</summary>
    public SamlFailure? Refusal => this is Invalid invalid ? invalid.Failure : null;

    /// <summary>
    /// Whether the result is <see cref="Valid"/>: then <paramref name="value"/> is its value and <paramref name="failure"/>
    /// is null; otherwise <paramref name="failure"/> is the refusal.
    /// </summary>
    public bool IsValid([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out SamlFailure? failure)
    {
        switch (this)
        {
            case Valid valid:
                value = valid.Value;
                failure = null;
                return true;
            default:
                value = default;
                failure = ((Invalid)this).Failure;
                return false;
        }
    }

    /// <summary>The next step on the valid value; a refusal passes through unchanged (the first refusal wins).</summary>
    public SamlResult<TNext> Then<TNext>(Func<T, SamlResult<TNext>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return this switch
        {
            Valid valid => next(valid.Value),
            _ => new SamlResult<TNext>.Invalid(((Invalid)this).Failure),
        };
    }

    /// <summary>
    /// Runs a step whose building blocks (the XML element readers in this assembly) signal a refusal by
    /// <see cref="SamlValidationException"/>, and turns that refusal into <see cref="Invalid"/> at the entry point.
    /// </summary>
    internal static SamlResult<T> Of(Func<T> step)
    {
        try
        {
            return new Valid(step());
        }
        catch (SamlValidationException ex)
        {
            return new Invalid(SamlFailure.From(ex));
        }
    }
}
