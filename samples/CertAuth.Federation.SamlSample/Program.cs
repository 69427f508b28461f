using CertAuth.Federation.SamlSample;

// The SAML sample relying party: https://localhost:44303, signing in at the federation server whose metadata is at
// SamlSample:FederationMetadataUrl (run the product first: dotnet run --project src/CertAuth.Federation.Host).
var app = SamlSampleHost.Build(args);
await app.RunAsync();
