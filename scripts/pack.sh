#!/usr/bin/env bash
# NuGet packages of the test kit (CertAuth.Federation.Testing) and the libraries it needs -> artifacts/packages/
# (.nupkg + .snupkg). Which projects are packed and the version: Directory.Build.props (VersionPrefix, CertAuthPackage).
# Usage: scripts/pack.sh [extra dotnet pack arguments, e.g. -p:Version=1.2.3 -p:CertAuthRepositoryUrl=https://...]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${CERTAUTH_PACKAGES_OUT:-$(pwd)/artifacts/packages}"
mkdir -p "$out"
# Packing the solution packs exactly the projects marked packable (the kit and its libraries).
dotnet pack CertAuth.Federation.sln -c Release --nologo -v q -o "$out" "$@"
ls -1 "$out"
