# Dot-sourced by every Pester test file: where the staged module and the emulator are, and
# the emulator helpers. build.ps1 sets the environment variables; the defaults fit a
# checkout built with './build.ps1 -Task Build'.
$script:RepositoryRoot = $env:JIM_REPOSITORY_ROOT
if (-not $script:RepositoryRoot) {
    $script:RepositoryRoot = Split-Path -Parent $PSScriptRoot
}
$script:ModulePath = $env:JIM_MODULE_PATH
if (-not $script:ModulePath) {
    $script:ModulePath = Join-Path $script:RepositoryRoot 'out' 'JIM'
}
$script:EmulatorPath = $env:JIM_EMULATOR_PATH
if (-not $script:EmulatorPath) {
    $name = if ($IsWindows) { 'jim-emulator.exe' } else { 'jim-emulator' }
    $script:EmulatorPath = Join-Path $script:RepositoryRoot 'target' 'release' $name
}

# The running PowerShell's own executable, for tests that start a second process.
# (Get-Process -Id $PID).Path would name the dotnet host when PowerShell runs as a .NET tool.
$script:PwshPath = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

Import-Module (Join-Path $PSScriptRoot 'JIM.Emulator.psm1') -Force

function Connect-TestEmulator {
    <# Connects the module to an emulator with its read-write key. #>
    param([Parameter(Mandatory)] [object] $Emulator)

    $null = Connect-JIM -Url $Emulator.Url -ApiKey $Emulator.ApiKey
}

function Reset-TestEmulator {
    <# Restores the emulator's initial estate and forgets the requests it received. #>
    param([Parameter(Mandatory)] [object] $Emulator)

    $null = Invoke-JIMEmulatorControl -Emulator $Emulator -Method POST -Path 'reset'
}

function Get-TestChangeRequest {
    <# Returns the requests the emulator received that could change something. #>
    param([Parameter(Mandatory)] [object] $Emulator)

    @(Get-JIMEmulatorRequest -Emulator $Emulator | Where-Object { $_.method -ne 'GET' })
}

function Get-CaughtError {
    <# Runs a script block and returns the error it threw, or $null when it threw none. #>
    param([scriptblock] $ScriptBlock)
    try {
        & $ScriptBlock
    } catch {
        return $_
    }
    $null
}
