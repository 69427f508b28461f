using System.Globalization;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>Options of the <c>startup</c> scenario; bounded like the others (loopback only, every phase timed out).</summary>
public sealed class StartupOptions
{
    public string HostDll { get; private set; } = "src/CertAuth.Federation.Host/bin/Release/net10.0/CertAuth.Federation.Host.dll";

    public string CliDll { get; private set; } = "src/CertAuth.Federation.Cli/bin/Release/net10.0/certauth.dll";

    public string PkiDirectory { get; private set; } = "certs-dev";

    /// <summary>Entries of the large CRL.</summary>
    public int Entries { get; private set; } = 1_000_000;

    /// <summary>Entries of the baseline CRL (the same start-up with a small CRL, measured in the same run).</summary>
    public int BaselineEntries { get; private set; } = 10;

    /// <summary>Start-ups per CRL size (the median is reported).</summary>
    public int Runs { get; private set; } = 3;

    /// <summary>Seconds of keep-alive sign-ins measured before the swap (the "normal" p99); 0 skips the swap.</summary>
    public TimeSpan SwapNormal { get; private set; } = TimeSpan.FromSeconds(10);

    public int Concurrency { get; private set; } = 8;

    /// <summary>
    /// Also measure the large start-up with its CRL already in <c>Federation:Crl:ArchiveDirectory</c> (issue 16); on by
    /// default, <c>--crl-on-disk false</c> skips it.
    /// </summary>
    public bool WithArchive { get; private set; } = true;

    /// <summary>Print each product's console output after its start-up (with <c>Logging__Console__FormatterOptions__TimestampFormat</c> set, a timeline).</summary>
    public bool ShowServerLog { get; private set; }

    public static StartupOptions Parse(string[] args)
    {
        var options = new StartupOptions();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--show-server-log")
            {
                options.ShowServerLog = true;
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--host-dll": options.HostDll = value; break;
                case "--cli-dll": options.CliDll = value; break;
                case "--pki": options.PkiDirectory = value; break;
                case "--entries": options.Entries = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--baseline-entries": options.BaselineEntries = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": options.Runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--swap-seconds": options.SwapNormal = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--concurrency": options.Concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--crl-on-disk": options.WithArchive = bool.Parse(value); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        if (options.Entries is < 1 or > 2_000_000 || options.BaselineEntries is < 0 or > 2_000_000 || options.Runs is < 1 or > 10
            || options.SwapNormal < TimeSpan.Zero || options.SwapNormal > TimeSpan.FromMinutes(2) || options.Concurrency is < 1 or > 64)
        {
            throw new ArgumentException("Bounds: 1 <= --entries <= 2,000,000, 1 <= --runs <= 10, 0 <= --swap-seconds <= 120, 1 <= --concurrency <= 64.");
        }

        foreach (var file in new[] { options.HostDll, options.CliDll })
        {
            if (!File.Exists(file))
            {
                throw new ArgumentException($"{file} not found: build it first (dotnet build -c Release src/CertAuth.Federation.Host src/CertAuth.Federation.Cli).");
            }
        }

        return options;
    }
}
