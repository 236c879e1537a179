#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests and demonstrates the JIM PowerShell module.

.DESCRIPTION
Tasks:
  Build  Builds the native library and the emulator (release), and stages the module in
         out/JIM so that 'Import-Module ./out/JIM' works.
  Test   Builds, checks the Rust code with rustfmt and clippy, runs the Rust tests, then the
         Pester tests against the staged module and real emulator processes. Installs Pester 5.7.1 into .tools/ when it is missing.
  Demo   Builds, starts the emulator on a free loopback port and walks through the module's
         main job: connect, list, create, start with -Wait, show the activity, clean up.
  Bench  Builds and runs the benchmarks, which report numbers and never fail on a timer.
  Clean  Removes out/ and the cargo target folder.

.EXAMPLE
./build.ps1 -Task Demo

.EXAMPLE
./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    # Runs only the Pester tests whose file name matches, such as 'Start*'.
    [string] $PesterFilter = '*',

    # A folder of vendored crates (as 'cargo vendor' makes) to build from, for machines that
    # reach no crate registry. The default is $env:JIM_CARGO_VENDOR_DIR, else a 'shared/vendor'
    # folder beside the checkout when there is one.
    [string] $VendorDirectory
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repositoryRoot = $PSScriptRoot
$stagingFolder = Join-Path $repositoryRoot 'out' 'JIM'
# Cargo's output folder: CARGO_TARGET_DIR when it is set, as cargo itself reads it.
$cargoTarget = $env:CARGO_TARGET_DIR
if (-not $cargoTarget) {
    $cargoTarget = Join-Path $repositoryRoot 'target'
}
$pesterVersion = '5.7.1'

function Get-NativeLibraryFileName {
    if ($IsWindows) {
        'jim_native.dll'
    } elseif ($IsMacOS) {
        'libjim_native.dylib'
    } else {
        'libjim_native.so'
    }
}

function Get-EmulatorPath {
    $name = if ($IsWindows) { 'jim-emulator.exe' } else { 'jim-emulator' }
    Join-Path $cargoTarget 'release' $name
}

if (-not $VendorDirectory) {
    $VendorDirectory = $env:JIM_CARGO_VENDOR_DIR
}
if (-not $VendorDirectory) {
    $beside = Join-Path (Split-Path -Parent $repositoryRoot) 'shared' 'vendor'
    if (Test-Path -LiteralPath $beside -PathType Container) {
        $VendorDirectory = $beside
    }
}

function Invoke-Cargo {
    param([Parameter(Mandatory)] [string[]] $Arguments)

    Write-Host "cargo $($Arguments -join ' ')"
    $sourceArguments = @()
    if ($VendorDirectory) {
        # Per-command settings: the user's own cargo configuration is left as it is.
        $directory = (Resolve-Path -LiteralPath $VendorDirectory).Path -replace '\\', '/'
        $sourceArguments = @(
            '--config', "source.crates-io.replace-with='vendored-crates'",
            '--config', "source.vendored-crates.directory='$directory'",
            '--offline'
        )
    }
    # 'cargo fmt' takes no --config; the other subcommands do.
    if ($Arguments[0] -eq 'fmt') {
        $sourceArguments = @()
    }
    & cargo @sourceArguments @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "cargo $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    # One release build for everything: the tests reuse it instead of building a second
    # (debug) copy of every dependency.
    Invoke-Cargo -Arguments 'build', '--release', '--locked', '-p', 'jim-native', '-p', 'jim-emulator'

    if (Test-Path -LiteralPath $stagingFolder) {
        Remove-Item -LiteralPath $stagingFolder -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $stagingFolder -Force
    Copy-Item -Path (Join-Path $repositoryRoot 'psmodule' 'JIM' '*') -Destination $stagingFolder `
        -Recurse
    $library = Join-Path $cargoTarget 'release' (Get-NativeLibraryFileName)
    Copy-Item -LiteralPath $library -Destination $stagingFolder

    # Compile the P/Invoke declarations once here, in a separate process, so that importing
    # the module does not compile them again each time.
    $source = Join-Path $stagingFolder 'JIM.Native.cs'
    $assembly = Join-Path $stagingFolder 'JIM.Native.dll'
    $compile = "Add-Type -LiteralPath '$source' -OutputAssembly '$assembly' -OutputType Library"
    & (Get-PwshPath) -NoProfile -NonInteractive -Command $compile
    if ($LASTEXITCODE -ne 0) {
        throw "Compiling $source failed."
    }
    Write-Host "Staged the module in $stagingFolder"
}

function Get-PwshPath {
    # The running PowerShell's own executable. (Get-Process -Id $PID).Path would name the
    # dotnet host when PowerShell runs as a .NET tool.
    $name = if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    $path = Join-Path $PSHOME $name
    if (Test-Path -LiteralPath $path) {
        return $path
    }
    (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
}

function Find-Pester {
    $installed = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -eq [version] $pesterVersion } |
        Select-Object -First 1
    if ($installed) {
        return $installed.Path
    }
    # The NuGet package of Pester keeps the module in a 'tools' folder.
    $searchRoots = @(Join-Path $repositoryRoot '.tools') +
        @($env:PSModulePath -split [System.IO.Path]::PathSeparator)
    foreach ($root in $searchRoots) {
        # Install-PSResource and Save-PSResource name the folder 'pester'.
        foreach ($folder in 'Pester', 'pester') {
            $path = Join-Path $root $folder $pesterVersion 'tools' 'Pester.psd1'
            if (Test-Path -LiteralPath $path) {
                return $path
            }
        }
    }
    $null
}

function Get-NuGetSourceUrl {
    # The NuGet source that this machine's dotnet is set up with, if there is one.
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        return $null
    }
    $sources = & dotnet nuget list source --format Detailed 2>$null
    $sources | Where-Object { $_ -match '^\s+(https?://\S+)\s*$' } |
        ForEach-Object { $Matches[1] } | Select-Object -First 1
}

function Install-Pester {
    $path = Find-Pester
    if ($path) {
        return $path
    }
    $toolsFolder = Join-Path $repositoryRoot '.tools'
    $null = New-Item -ItemType Directory -Path $toolsFolder -Force
    $repository = 'PSGallery'
    $nugetSource = Get-NuGetSourceUrl
    if ($nugetSource) {
        $repository = 'JIMBuildNuGet'
        if (-not (Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue)) {
            Register-PSResourceRepository -Name $repository -Uri $nugetSource -Trusted
        }
    }
    Write-Host "Installing Pester $pesterVersion from $repository into $toolsFolder"
    Save-PSResource -Name Pester -Version $pesterVersion -Repository $repository `
        -Path $toolsFolder -TrustRepository -SkipDependencyCheck
    $path = Find-Pester
    if (-not $path) {
        throw "Pester $pesterVersion was saved to $toolsFolder, but no Pester.psd1 was found there."
    }
    $path
}

function Invoke-Test {
    Invoke-Build
    # The Rust code is kept rustfmt-formatted and clippy-clean.
    Invoke-Cargo -Arguments 'fmt', '--all', '--check'
    Invoke-Cargo -Arguments 'clippy', '--release', '--locked', '--workspace', '--all-targets',
        '--', '-D', 'warnings'
    Invoke-Cargo -Arguments 'test', '--release', '--locked', '--workspace'

    $pesterPath = Install-Pester
    Import-Module $pesterPath -Force

    # The tests run with PowerShell's defaults, as a user's session has them, not with the
    # stricter settings of this script.
    $script:ErrorActionPreference = 'Continue'
    Set-StrictMode -Off

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Get-ChildItem -Path (Join-Path $repositoryRoot 'tests') `
        -Filter "$PesterFilter.Tests.ps1" | ForEach-Object FullName
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = Join-Path $repositoryRoot 'tests' 'results' 'pester.xml'
    $env:JIM_MODULE_PATH = $stagingFolder
    $env:JIM_EMULATOR_PATH = Get-EmulatorPath
    $env:JIM_REPOSITORY_ROOT = $repositoryRoot
    $result = Invoke-Pester -Configuration $configuration

    # A closing line in the common 'N passed, N failed' shape, after Pester's own summary.
    Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount,
        $result.FailedCount, $result.SkippedCount)
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
        throw "The Pester run failed: $($result.FailedCount) tests failed."
    }
}

# Runs a script of tests/ in a new PowerShell process, so that it starts from a user's
# default session rather than from this script's settings.
function Invoke-TestScript {
    param([Parameter(Mandatory)] [string] $Name)

    $script = Join-Path $repositoryRoot 'tests' $Name
    & (Get-PwshPath) -NoProfile -File $script -ModulePath $stagingFolder `
        -EmulatorPath (Get-EmulatorPath)
    if ($LASTEXITCODE -ne 0) {
        throw "$Name failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-TestScript -Name 'demo.ps1'
}

function Invoke-Bench {
    Invoke-Build
    Invoke-TestScript -Name 'bench.ps1'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' {
        foreach ($folder in (Join-Path $repositoryRoot 'out'), $cargoTarget) {
            if (Test-Path -LiteralPath $folder) {
                Remove-Item -LiteralPath $folder -Recurse -Force
            }
        }
    }
}
