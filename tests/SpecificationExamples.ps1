# The examples of the Run Profile cmdlets' specification, word for word, by title.
# Examples.Tests.ps1 runs each one against the emulator.
$examples = @(
    @{
        Title  = 'Get: Connected System piped into Get-JIMRunProfile'
        Script = 'Get-JIMConnectedSystem -Name "Active Directory" | Get-JIMRunProfile'
    }
    @{
        Title  = 'New: by Connected System ID'
        Script = 'New-JIMRunProfile -ConnectedSystemId 1 -Name "Full Import" -Type FullImport'
    }
    @{
        Title  = 'New: by Connected System name'
        Script = 'New-JIMRunProfile -ConnectedSystemName "Active Directory" -Name "Delta Sync" -Type DeltaSync'
    }
    @{
        Title  = 'New: -PassThru'
        Script = @'
$rp = New-JIMRunProfile -ConnectedSystemId 1 -Name "Export" -Type Export -PassThru
$rp.Id
'@
    }
    @{
        Title  = 'New: -PartitionId'
        Script = 'New-JIMRunProfile -ConnectedSystemId 1 -Name "Full Import (UK)" -Type FullImport -PartitionId 3'
    }
    @{
        Title  = 'New: -WhatIf'
        Script = 'New-JIMRunProfile -ConnectedSystemId 1 -Name "Delta Import" -Type DeltaImport -WhatIf'
    }
    @{
        Title  = 'Set: piped from Get-JIMRunProfile -Id'
        Script = 'Get-JIMRunProfile -Id 42 | Set-JIMRunProfile -Name "Full Import (Renamed)" -PassThru'
    }
    @{
        Title  = 'Remove: every profile of a system'
        Script = 'Get-JIMRunProfile -ConnectedSystemId 1 | Remove-JIMRunProfile -Force'
    }
    @{
        Title  = 'Remove: -PassThru'
        Script = @'
$deleted = Remove-JIMRunProfile -Id 42 -Force -PassThru
Write-Host "Removed Run Profile: $($deleted.Name)"
'@
    }
    @{
        Title  = 'Start: by names'
        Script = 'Start-JIMRunProfile -ConnectedSystemName "Active Directory" -RunProfileName "Full Import"'
    }
    @{
        Title  = 'Start: -PassThru'
        Script = @'
$result = Start-JIMRunProfile -RunProfileId 42 -PassThru
Write-Host "Activity ID: $($result.ActivityId)"
Write-Host "Task ID: $($result.TaskId)"
'@
    }
    @{
        Title  = 'Start: every Full Import of a system with -Wait'
        Script = @'
Get-JIMRunProfile -ConnectedSystemId 1 |
Where-Object { $_.Type -eq "FullImport" } |
ForEach-Object { Start-JIMRunProfile -RunProfileId $_.Id -Wait }
'@
    }
    @{
        Title  = 'Start: -Wait -Timeout in try/catch'
        Script = @'
try {
Start-JIMRunProfile -RunProfileId 42 -Wait -Timeout 600 -PassThru -ErrorAction Stop
} catch {
Write-Error "Run Profile execution failed or timed out: $_"
}
'@
    }
)

$byTitle = [ordered]@{}
foreach ($example in $examples) {
    $byTitle[$example.Title] = $example.Script
}
$byTitle
