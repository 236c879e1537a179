#Requires -Version 7.4
<#
.SYNOPSIS
Walks through the JIM module's main job against a bundled emulator.

.DESCRIPTION
Starts jim-emulator on a free loopback port, imports the staged module, connects, lists the
Connected Systems and their Run Profiles, creates a Run Profile, starts it with -Wait, shows
the finished activity, then removes the profile and stops the emulator, also when a step
fails. Run it through './build.ps1 -Task Demo', which builds and stages the module first.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [string] $EmulatorPath
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'JIM.Emulator.psm1') -Force

function Show-Step {
    param([string] $Text)
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

$emulator = $null
$created = $null
try {
    Show-Step 'Starting the JIM emulator on a free loopback port'
    $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '8'
    Write-Host "The emulator listens at $($emulator.Url)"

    Show-Step "Import-Module $ModulePath"
    Import-Module $ModulePath -Force

    Show-Step 'Connect-JIM -Url <url> -ApiKey <key>'
    $key = ConvertTo-SecureString -String $emulator.ApiKey -AsPlainText -Force
    Connect-JIM -Url $emulator.Url -ApiKey $key | Format-Table | Out-Host

    Show-Step 'Get-JIMConnectedSystem'
    Get-JIMConnectedSystem | Format-Table | Out-Host

    Show-Step 'Get-JIMConnectedSystem | Get-JIMRunProfile'
    Get-JIMConnectedSystem | Get-JIMRunProfile | Format-Table | Out-Host

    Show-Step "New-JIMRunProfile -ConnectedSystemName 'Active Directory' -Name 'Full Import (UK)' -Type FullImport -PartitionId 3 -PassThru"
    $created = New-JIMRunProfile -ConnectedSystemName 'Active Directory' -Name 'Full Import (UK)' `
        -Type FullImport -PartitionId 3 -PassThru
    $created | Format-List | Out-Host

    Show-Step "Start-JIMRunProfile -RunProfileId $($created.Id) -Wait -PassThru"
    $execution = Start-JIMRunProfile -RunProfileId $created.Id -Wait -PassThru
    $execution | Format-Table | Out-Host

    Show-Step "Get-JIMActivity -Id $($execution.ActivityId)"
    Get-JIMActivity -Id $execution.ActivityId | Format-List | Out-Host
} finally {
    if ($null -ne $created) {
        Show-Step "Remove-JIMRunProfile -Id $($created.Id) -Force"
        try {
            Remove-JIMRunProfile -Id $created.Id -Force
            Write-Host "Removed Run Profile $($created.Id) '$($created.Name)'."
        } catch {
            Write-Warning "Could not remove Run Profile $($created.Id): $_"
        }
    }
    if (Get-Command Disconnect-JIM -ErrorAction SilentlyContinue) {
        Disconnect-JIM
    }
    if ($null -ne $emulator) {
        Show-Step 'Stopping the emulator'
        Stop-JIMEmulator -Emulator $emulator
    }
}
