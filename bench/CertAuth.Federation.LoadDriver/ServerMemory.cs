using System.Globalization;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// Samples the server process's resident set (VmRSS) every 100 ms from /proc and reads its lifetime peak (VmHWM).
/// The process is found by <c>--server-pid</c> or by its command line (CertAuth.Federation.Host).
/// </summary>
public sealed class ServerMemory : IDisposable
{
    private readonly int? _pid;
    private readonly Timer? _timer;
    private long _peakRssKb;

    public ServerMemory(int? pid)
    {
        _pid = pid ?? FindHost();
        if (_pid is not null)
        {
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }
    }

    public int? Pid => _pid;

    public double PeakRssDuringRunMb => Interlocked.Read(ref _peakRssKb) / 1024.0;

    public double? LifetimePeakRssMb => _pid is { } pid ? ReadStatusKb(pid, "VmHWM:") / 1024.0 : null;

    public void Dispose() => _timer?.Dispose();

    /// <summary>CPU time (user + system) the server process has used so far, from /proc/pid/stat; null when unknown.</summary>
    public double? ServerCpuSeconds()
    {
        if (_pid is not { } pid)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": field 3 is index 0, so utime (14) and stime (15) are indexes 11 and 12; USER_HZ is 100.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Sample()
    {
        if (_pid is { } pid && ReadStatusKb(pid, "VmRSS:") is { } rss)
        {
            long current;
            while (rss > (current = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, rss, current) != current)
            {
            }
        }
    }

    private static long? ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static int? FindHost()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("CertAuth.Federation.Host", StringComparison.Ordinal) && !commandLine.Contains("dotnet run", StringComparison.Ordinal)
                    && !commandLine.Contains("/sdk/", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
