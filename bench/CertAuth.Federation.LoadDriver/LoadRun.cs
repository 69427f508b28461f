using System.Collections.Concurrent;
using System.Diagnostics;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// Runs <c>concurrency</c> workers, each repeating one operation until the duration or the request budget is spent;
/// a warm-up period runs first and is not recorded. Latency is per operation (Stopwatch ticks).
/// </summary>
public static class LoadRun
{
    public sealed record Result(int Requests, int Errors, TimeSpan Elapsed, double[] LatenciesMs, IReadOnlyDictionary<string, int> ErrorKinds)
    {
        /// <summary>Server CPU seconds used during the measured period (null when the server was not found).</summary>
        public double? ServerCpuSeconds { get; init; }

        /// <summary>This driver's CPU seconds during the measured period.</summary>
        public double DriverCpuSeconds { get; init; }

        public double Throughput => (Requests - Errors) / Elapsed.TotalSeconds;

        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
            {
                return double.NaN;
            }

            var rank = (int)Math.Ceiling(p / 100.0 * LatenciesMs.Length) - 1;
            return LatenciesMs[Math.Clamp(rank, 0, LatenciesMs.Length - 1)];
        }
    }

    /// <param name="createWorker">Creates one worker's state (e.g. its client); the operation returns null or an error kind.</param>
    public static async Task<Result> RunAsync<TWorker>(
        DriverOptions options, Func<int, Task<TWorker>> createWorker, Func<TWorker, Task<string?>> operation, ServerMemory? server = null)
    {
        var workers = new TWorker[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = await createWorker(i);
        }

        // Warm-up: same load, nothing recorded.
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < warmupEnd)
            {
                await operation(w);
            }
        })));

        var budget = options.MaxRequests;
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double[]>();
        var serverCpuBefore = server?.ServerCpuSeconds();
        var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            var mine = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end && Interlocked.Decrement(ref budget) >= 0)
            {
                var before = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await operation(w);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
                {
                    error = ex.GetType().Name + ": " + ex.Message;
                }

                mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                if (error is not null)
                {
                    errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                }
            }

            latencies.Add([.. mine]);
        })));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var serverCpuAfter = server?.ServerCpuSeconds();
        var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - driverCpuBefore).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        foreach (var worker in workers)
        {
            (worker as IDisposable)?.Dispose();
        }

        return new Result(all.Length, errors.Values.Sum(), elapsed, all, errors)
        {
            ServerCpuSeconds = serverCpuAfter - serverCpuBefore,
            DriverCpuSeconds = driverCpu,
        };
    }
}
