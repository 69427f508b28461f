using CertAuth.Federation.Cli;

return await CliApplication.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);
