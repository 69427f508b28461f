using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CertAuth.Federation.Cli.Output;

/// <summary>Results go to standard output; warnings and errors, one line each, to standard error.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public void Line(string text) => output.WriteLine(text);

    public void Warning(string text) => error.WriteLine($"warning: {OneLine(text)}");

    public void Json<T>(T value) => output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>ISO 8601 UTC with as many fractional digits as the instant has.</summary>
    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : "-";

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
