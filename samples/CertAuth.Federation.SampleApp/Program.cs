using CertAuth.Federation.SampleApp;

// The sample relying party: https://localhost:44302, signing in through the token service at https://localhost:44301
// (run the product first: dotnet run --project src/CertAuth.Federation.Host).
var app = SampleAppHost.Build(args);
await app.RunAsync();
