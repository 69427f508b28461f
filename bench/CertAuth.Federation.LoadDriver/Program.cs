using System.Globalization;
using CertAuth.Federation.LoadDriver;

// Load driver for the running product on loopback (bounded in time and count). Examples, from the repository root:
//   dotnet run -c Release --project bench/CertAuth.Federation.LoadDriver -- signin --mode handshake --duration 20 --concurrency 8
//   dotnet run -c Release --project bench/CertAuth.Federation.LoadDriver -- signin --mode keepalive --duration 20 --concurrency 16
//   dotnet run -c Release --project bench/CertAuth.Federation.LoadDriver -- refresh --duration 20 --concurrency 16
//   dotnet run -c Release --project bench/CertAuth.Federation.LoadDriver -- startup --entries 1000000 --runs 3
//     (start-up to probe-ready and first sign-in with a large CRL, then p99 while it is replaced; needs the Release
//      builds of src/CertAuth.Federation.Host and src/CertAuth.Federation.Cli)
if (args.Length > 0 && args[0] == "startup")
{
    try
    {
        return await CertAuth.Federation.LoadDriver.Startup.StartupScenario.RunAsync(CertAuth.Federation.LoadDriver.Startup.StartupOptions.Parse(args));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine("usage: LoadDriver startup [--entries n] [--baseline-entries n] [--runs n] [--swap-seconds s] [--concurrency n] [--host-dll path] [--cli-dll path] [--pki dir] [--show-server-log]");
        return 2;
    }
}

DriverOptions options;
try
{
    options = DriverOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: LoadDriver signin|refresh [--mode handshake|keepalive] [--duration s] [--warmup s] [--concurrency n] "
        + "[--max-requests n] [--server-pid pid] [--cert pem --key pem --root-ca pem] [--federation-url u] [--token-service-url u]");
    return 2;
}

Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
var unit = SignatureUnit.Measure();
Console.WriteLine(unit);
var tls = new Tls(options);
using var memory = new ServerMemory(options.ServerPid);
var result = options.Scenario switch
{
    "signin" => await SignInScenario.RunAsync(options, tls, memory),
    _ => await RefreshScenario.RunAsync(options, tls, memory),
};

var name = options.Scenario == "signin" ? $"sign-in ({options.Mode})" : "refresh-token redemption";
var f = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(f, $"{name}: {result.Requests} requests in {result.Elapsed.TotalSeconds:F1} s, concurrency {options.Concurrency}, warm-up {options.Warmup.TotalSeconds:F0} s"));
Console.WriteLine(string.Create(f, $"  throughput {result.Throughput:F0}/s   p50 {result.Percentile(50):F2} ms ({unit.Format(result.Percentile(50))})   p95 {result.Percentile(95):F2} ms   p99 {result.Percentile(99):F2} ms ({unit.Format(result.Percentile(99))})   max {result.Percentile(100):F2} ms"));
Console.WriteLine($"  errors {result.Errors}");
if (result.ServerCpuSeconds is { } serverCpu && result.Requests > 0)
{
    // CPU per operation does not depend much on what else the machine runs; 2 cores / (server + driver) CPU per
    // operation is the rate this workload would reach on the 2 cores alone.
    var perRequest = (serverCpu + result.DriverCpuSeconds) / result.Requests;
    var serverMs = serverCpu * 1000 / result.Requests;
    var driverMs = result.DriverCpuSeconds * 1000 / result.Requests;
    Console.WriteLine(string.Create(f, $"  CPU per operation: server {serverMs:F2} ms, driver {driverMs:F2} ms => {Environment.ProcessorCount / perRequest:F0}/s on {Environment.ProcessorCount} idle cores"));
    // The headline: server CPU per operation in signature units (comparable across machines).
    Console.WriteLine(string.Create(f, $"  server CPU per operation: {unit.Format(serverMs)}   (driver {unit.Format(driverMs)}; {1000 / serverMs:F0} operations per server CPU second)"));
}

foreach (var (kind, count) in result.ErrorKinds.OrderByDescending(e => e.Value).Take(5))
{
    Console.WriteLine($"    {count} x {kind}");
}

Console.WriteLine(memory.Pid is { } pid
    ? string.Create(f, $"  server pid {pid}: peak RSS during run {memory.PeakRssDuringRunMb:F0} MB, lifetime peak (VmHWM) {memory.LifetimePeakRssMb:F0} MB")
    : "  server process not found (pass --server-pid): memory not measured");
Console.WriteLine(string.Create(f, $"  load average at end: {File.ReadAllText("/proc/loadavg").Trim()}"));
return result.Errors == 0 ? 0 : 1;
