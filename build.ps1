# The same restore, build and test as the README and .ci/run, for people on Windows (PowerShell 7).
#   ./build.ps1            restore, build, run the whole test suite
#   ./build.ps1 -NoTest    restore and build only
param([switch]$NoTest)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (Get-Command npm -ErrorAction SilentlyContinue) {
    # DingTalk's Node SDK for the conformance test; without it that test skips with its reason.
    Push-Location tests/node-sdk
    try { npm ci --no-audit --no-fund --loglevel=error } finally { Pop-Location }
}

dotnet restore EdgeCrab.Actors.sln
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet build EdgeCrab.Actors.sln --no-restore
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if (-not $NoTest) {
    dotnet test EdgeCrab.Actors.sln --no-build
    exit $LASTEXITCODE
}
