#Requires -Modules Pester
# Every example of the Run Profile cmdlets' specification, run exactly as written against an
# emulator, each from the initial estate, and checked for what the specification says it
# does.
#
# The examples name Connected System 1 and 'Active Directory', and Run Profile 42 and
# Connected System 42. The emulator gets 40 synthetic systems of one Run Profile each, so
# that system 42 exists and owns Run Profile 56, and Run Profile 42 belongs to system 28.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $byTitle = . (Join-Path $PSScriptRoot 'SpecificationExamples.ps1')
    Import-Module $ModulePath -Force
    $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '1',
        '--extra-systems', '40', '--profiles-per-system', '1'
    Connect-TestEmulator -Emulator $emulator

    # Runs an example as written; returns its output stream, and everything else it wrote.
    function Invoke-Example {
        param([string] $Script)
        $output = [System.Collections.Generic.List[object]]::new()
        $other = [System.Collections.Generic.List[object]]::new()
        & ([scriptblock]::Create($Script)) *>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.InformationRecord] -or
                $_ -is [System.Management.Automation.ErrorRecord] -or
                $_ -is [System.Management.Automation.WarningRecord] -or
                $_ -is [System.Management.Automation.VerboseRecord]) {
                $other.Add($_)
            } else {
                $output.Add($_)
            }
        }
        [pscustomobject]@{ Output = $output.ToArray(); Other = $other.ToArray() }
    }

    function Get-Text {
        param([object[]] $Records)
        ($Records | ForEach-Object { $_.ToString() }) -join "`n"
    }
}

AfterAll {
    Disconnect-JIM
    Stop-JIMEmulator $emulator
}

Describe 'Specification examples' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'Get: Connected System piped into Get-JIMRunProfile' {
        $result = Invoke-Example $byTitle['Get: Connected System piped into Get-JIMRunProfile']
        $result.Output.Id | Should -Be @(1, 2, 3, 4, 5, 6)
        $result.Output[0].PSObject.Properties.Name |
            Should -Contain 'PartitionId'
    }

    It 'New: by Connected System ID' {
        $result = Invoke-Example $byTitle['New: by Connected System ID']
        $result.Output | Should -BeNullOrEmpty
        @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import').Count | Should -Be 2
    }

    It 'New: by Connected System name' {
        $result = Invoke-Example $byTitle['New: by Connected System name']
        $result.Output | Should -BeNullOrEmpty
        (Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Delta Sync').Type | Should -Be 'DeltaSync'
    }

    It 'New: -PassThru' {
        $result = Invoke-Example $byTitle['New: -PassThru']
        $created = @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Export' |
                Sort-Object Id)[-1]
        $result.Output | Should -Be @($created.Id)
    }

    It 'New: -PartitionId' {
        $null = Invoke-Example $byTitle['New: -PartitionId']
        (Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import (UK)').PartitionId |
            Should -Be 3
    }

    It 'New: -WhatIf' {
        Clear-JIMEmulatorRequest -Emulator $emulator
        $result = Invoke-Example $byTitle['New: -WhatIf']
        $result.Output | Should -BeNullOrEmpty
        Get-JIMEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
    }

    It 'Set: piped from Get-JIMRunProfile -Id' {
        $result = Invoke-Example $byTitle['Set: piped from Get-JIMRunProfile -Id']
        $result.Output.Count | Should -Be 1
        $result.Output[0].Name | Should -Be 'Full Import (Renamed)'
        $result.Output[0].ConnectedSystemId | Should -Be 42
        (Get-JIMRunProfile -ConnectedSystemId 42).Name | Should -Be 'Full Import (Renamed)'
    }

    It 'Remove: every profile of a system' {
        $result = Invoke-Example $byTitle['Remove: every profile of a system']
        $result.Output | Should -BeNullOrEmpty
        @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 0
    }

    It 'Remove: -PassThru' {
        $before = Get-JIMRunProfile -RunProfileId 42
        $result = Invoke-Example $byTitle['Remove: -PassThru']
        Get-Text $result.Other | Should -Be "Removed Run Profile: $($before.Name)"
        @(Get-JIMRunProfile -ConnectedSystemId $before.ConnectedSystemId).Id |
            Should -Not -Contain 42
    }

    It 'Start: by names' {
        $result = Invoke-Example $byTitle['Start: by names']
        $result.Output | Should -BeNullOrEmpty
        Get-Text $result.Other | Should -Match "Started Run Profile 1 'Full Import'"
        @(Get-TestChangeRequest -Emulator $emulator).path |
            Should -Contain '/api/v1/synchronisation/connected-systems/1/run-profiles/1/execute'
    }

    It 'Start: -PassThru' {
        $result = Invoke-Example $byTitle['Start: -PassThru']
        $text = Get-Text $result.Other
        $text | Should -Match 'Activity ID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
        $text | Should -Match 'Task ID: [0-9a-f]{8}-[0-9a-f]{4}'
    }

    It 'Start: every Full Import of a system with -Wait' {
        $result = Invoke-Example $byTitle['Start: every Full Import of a system with -Wait']
        $result.Output | Should -BeNullOrEmpty
        $text = Get-Text $result.Other
        $text | Should -Match "Run Profile 1 'Full Import' of Connected System 'Active Directory' ended Complete"
        @($result.Other | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) |
            Should -BeNullOrEmpty
    }

    It 'Start: -Wait -Timeout in try/catch, when the run completes' {
        $result = Invoke-Example $byTitle['Start: -Wait -Timeout in try/catch']
        $result.Output.Count | Should -Be 1
        $result.Output[0].Status | Should -Be 'Complete'
        $result.Output[0].ActivityId | Should -BeOfType [guid]
        @($result.Other | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) |
            Should -BeNullOrEmpty
    }

    It 'Start: -Wait -Timeout in try/catch, when the run fails' {
        $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT `
            -Path 'run-profiles/42/outcome' -Body @{ status = 'FailedWithError' }
        $result = Invoke-Example $byTitle['Start: -Wait -Timeout in try/catch']
        $errors = @($result.Other | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $errors[0].ToString() | Should -Match '^Run Profile execution failed or timed out: '
        $errors[0].ToString() | Should -Match 'FailedWithError'
        $errors[0].ToString() | Should -Match '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}'
    }
}

Describe 'Specification examples list' {
    It 'has a test for every example' {
        $byTitle.Count | Should -Be 13
    }
}
