#Requires -Version 7.4
<#
.SYNOPSIS
Measures the module against a plain PowerShell client on a large emulated estate.

.DESCRIPTION
Starts jim-emulator with 1,000 extra Connected Systems of 10 Run Profiles each, then times
the same jobs done two ways: through the module (the Rust library) and through a plain
PowerShell client built on Invoke-RestMethod, the way a script without the module would
do them. Prints a Markdown table of the medians and the process's memory. It reports
numbers only and never fails on a timer. Run it through './build.ps1 -Task Bench'.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [string] $EmulatorPath,

    [int] $ExtraSystems = 1000,

    [int] $Repetitions = 5
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'JIM.Emulator.psm1') -Force

function Measure-Median {
    param([scriptblock] $ScriptBlock, [int] $Count)
    $times = foreach ($i in 1..$Count) {
        (Measure-Command $ScriptBlock).TotalMilliseconds
    }
    $sorted = @($times | Sort-Object)
    $sorted[[int] [math]::Floor($sorted.Count / 2)]
}

# The plain client: what a script does without the module.
function Get-PlainConnectedSystem {
    param([string] $Url, [hashtable] $Headers)
    $page = 1
    do {
        $uri = "$Url/api/v1/synchronisation/connected-systems?page=$page&pageSize=100"
        $response = Invoke-RestMethod -Uri $uri -Headers $Headers
        $response.items
        $page++
    } while ($response.hasNextPage)
}

function Find-PlainRunProfile {
    param([string] $Url, [hashtable] $Headers, [int] $RunProfileId)
    foreach ($system in Get-PlainConnectedSystem -Url $Url -Headers $Headers) {
        $uri = "$Url/api/v1/synchronisation/connected-systems/$($system.id)/run-profiles"
        $found = Invoke-RestMethod -Uri $uri -Headers $Headers |
            Where-Object id -eq $RunProfileId
        if ($found) {
            return $found
        }
    }
}

$emulator = $null
try {
    $startup = [System.Diagnostics.Stopwatch]::StartNew()
    $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--extra-systems',
        "$ExtraSystems", '--profiles-per-system', '10', '--rate-limit', '0'
    $startup.Stop()

    Import-Module $ModulePath -Force
    $null = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey
    $headers = @{ 'X-Api-Key' = $emulator.ApiKey }
    $url = $emulator.Url

    # The last Run Profile of the last system: the worst case for a search in order.
    $lastSystemId = 4 + $ExtraSystems
    $lastProfileId = 18 + 10 * $ExtraSystems
    $memoryBefore = [System.GC]::GetTotalMemory($true)
    $workingSetBefore = (Get-Process -Id $PID).WorkingSet64

    $rows = [System.Collections.Generic.List[object]]::new()
    $add = {
        param($Job, $ModuleMs, $PlainMs, $Note)
        $rows.Add([pscustomobject]@{
                Job       = $Job
                ModuleMs  = [math]::Round($ModuleMs, 1)
                PlainMs   = [math]::Round($PlainMs, 1)
                Speedup   = if ($ModuleMs -gt 0) { [math]::Round($PlainMs / $ModuleMs, 1) }
                Note      = $Note
            })
    }

    $module = Measure-Median -Count $Repetitions { $null = @(Get-JIMConnectedSystem) }
    $plain = Measure-Median -Count $Repetitions {
        $null = @(Get-PlainConnectedSystem -Url $url -Headers $headers)
    }
    & $add "List all $($ExtraSystems + 4) Connected Systems" $module $plain 'every page'

    $module = Measure-Median -Count $Repetitions {
        $null = @(Get-JIMRunProfile -ConnectedSystemId $lastSystemId)
    }
    $plain = Measure-Median -Count $Repetitions {
        $uri = "$url/api/v1/synchronisation/connected-systems/$lastSystemId/run-profiles"
        $null = @(Invoke-RestMethod -Uri $uri -Headers $headers)
    }
    & $add 'List the Run Profiles of one system' $module $plain 'module adds partitions and system name'

    # A fresh connection has nothing remembered: the first lookup searches every system.
    $module = Measure-Median -Count $Repetitions {
        $null = Connect-JIM -Url $url -ApiKey $emulator.ApiKey
        $null = Get-JIMRunProfile -RunProfileId $lastProfileId
    }
    $plain = Measure-Median -Count 1 {
        $null = Find-PlainRunProfile -Url $url -Headers $headers -RunProfileId $lastProfileId
    }
    & $add 'Find a Run Profile by ID alone, first time' $module $plain 'worst case: the last system'

    $null = Get-JIMRunProfile -RunProfileId $lastProfileId
    $module = Measure-Median -Count $Repetitions {
        $null = Get-JIMRunProfile -RunProfileId $lastProfileId
    }
    & $add 'Find the same Run Profile again' $module $plain 'the module remembers the owner'

    $module = Measure-Median -Count $Repetitions {
        foreach ($i in 1..50) {
            $null = Get-JIMConnectedSystem -Id 1
        }
    }
    $plain = Measure-Median -Count $Repetitions {
        foreach ($i in 1..50) {
            $null = Invoke-RestMethod -Uri "$url/api/v1/synchronisation/connected-systems/1" `
                -Headers $headers
        }
    }
    & $add '50 reads of one Connected System' $module $plain 'pooled connection'

    $memoryAfter = [System.GC]::GetTotalMemory($true)
    $workingSetAfter = (Get-Process -Id $PID).WorkingSet64

    Write-Output ''
    Write-Output "Emulator start-up with $ExtraSystems extra systems: $($startup.ElapsedMilliseconds) ms"
    Write-Output "Medians of $Repetitions repetitions (the plain search by ID ran once)."
    Write-Output ''
    Write-Output '| job | module (ms) | plain PowerShell (ms) | plain / module | note |'
    Write-Output '|---|---:|---:|---:|---|'
    foreach ($row in $rows) {
        Write-Output ("| {0} | {1} | {2} | {3} | {4} |" -f $row.Job, $row.ModuleMs,
            $row.PlainMs, $row.Speedup, $row.Note)
    }
    Write-Output ''
    Write-Output ('Managed heap after the runs: {0:N1} MiB (before: {1:N1} MiB)' -f
        ($memoryAfter / 1MB), ($memoryBefore / 1MB))
    Write-Output ('Process working set after the runs: {0:N1} MiB (before: {1:N1} MiB)' -f
        ($workingSetAfter / 1MB), ($workingSetBefore / 1MB))
} finally {
    if (Get-Command Disconnect-JIM -ErrorAction SilentlyContinue) {
        Disconnect-JIM
    }
    Stop-JIMEmulator -Emulator $emulator
}
