#Requires -Modules Pester
# Get-, New-, Set- and Remove-JIMRunProfile, and Get-JIMConnectedSystem, against a real
# emulator process through the real native library.
#
# The emulator's initial estate: Connected System 1 'Active Directory' (partitions 2 and 3)
# owns Run Profiles 1-6, 2 'HR Database' owns 7-10, 3 'Contractors CSV Feed' owns 11-13 and
# 4 'Entra ID' owns 14-18. Every test starts from that estate.

Describe 'Run Profile cmdlets against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestSetup.ps1')
        Import-Module $ModulePath -Force
        $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '1'
        Connect-TestEmulator -Emulator $emulator

    }

    AfterAll {
        Disconnect-JIM
        Stop-JIMEmulator $emulator
    }

    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    Describe 'Get-JIMConnectedSystem' {
        It 'lists every system of the estate' {
            $systems = @(Get-JIMConnectedSystem)
            $systems.Name | Should -Be @('Active Directory', 'HR Database', 'Contractors CSV Feed',
                'Entra ID')
            $systems[0].PSObject.TypeNames | Should -Contain 'JIM.ConnectedSystem'
            $systems[0].ConnectorName | Should -Be 'Microsoft Active Directory'
        }

        It 'filters by name with wildcards' {
            @(Get-JIMConnectedSystem -Name 'hr*').Name | Should -Be @('HR Database')
            @(Get-JIMConnectedSystem -Name 'Nothing*').Count | Should -Be 0
        }

        It 'reports a literal name that matches nothing' {
            $caught = Get-CaughtError { Get-JIMConnectedSystem -Name 'Payroll' -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
        }

        It 'reads one system by ID' {
            $system = Get-JIMConnectedSystem -Id 2
            $system.Id | Should -Be 2
            $system.Name | Should -Be 'HR Database'
            $system.ConnectorName | Should -Be 'SQL Server'
        }

        It 'gives the owning system of a piped Run Profile' {
            (Get-JIMRunProfile -RunProfileId 3 | Get-JIMConnectedSystem).Name |
                Should -Be 'Active Directory'
            (Get-JIMRunProfile -RunProfileId 7 | Get-JIMConnectedSystem).Name |
                Should -Be 'HR Database'
        }

        It 'rejects a malformed wildcard pattern clearly' {
            $caught = Get-CaughtError { Get-JIMConnectedSystem -Name '[a' -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidWildcardPattern*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $caught.Exception.Message | Should -Match 'backtick'
        }

        It 'reports an unknown ID as JIM.NotFound' {
            $caught = Get-CaughtError { Get-JIMConnectedSystem -Id 999 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $caught.TargetObject | Should -Be 999
            $caught.Exception.HttpStatus | Should -Be 404
        }
    }

    Describe 'Get-JIMRunProfile' {
        It 'lists the profiles of a system by ID' {
            $profiles = @(Get-JIMRunProfile -ConnectedSystemId 1)
            $profiles.Id | Should -Be @(1, 2, 3, 4, 5, 6)
            $profiles[0].PSObject.TypeNames | Should -Contain 'JIM.RunProfile'
        }

        It 'accepts -Id as the alias of -ConnectedSystemId' {
            @(Get-JIMRunProfile -Id 2).ConnectedSystemId | Sort-Object -Unique | Should -Be 2
        }

        It 'lists the profiles of a system by exact name' {
            @(Get-JIMRunProfile -ConnectedSystemName 'HR Database').Id | Should -Be @(7, 8, 9, 10)
        }

        It 'treats wildcards in -ConnectedSystemName as literal text' {
            $caught = Get-CaughtError {
                Get-JIMRunProfile -ConnectedSystemName 'HR*' -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
        }

        It 'filters by -Name with wildcards' {
            @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Delta*').Name |
                Should -Be @('Delta Import', 'Delta Synchronisation', 'Delta Import (UK)')
        }

        It 'rejects a malformed -Name pattern clearly' {
            $caught = Get-CaughtError {
                Get-JIMRunProfile -ConnectedSystemId 1 -Name '[' -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidWildcardPattern*'
        }

        It 'rejects an ID below 1 before any request' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            $caught = Get-CaughtError { Get-JIMRunProfile -RunProfileId 0 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
            Get-JIMEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'returns an empty result for a filter that matches nothing' {
            @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Nope*').Count | Should -Be 0
        }

        It 'carries every property of the output contract' {
            $uk = Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Delta Import (UK)'
            $uk.Id | Should -Be 6
            $uk.Type | Should -Be 'DeltaImport'
            $uk.RunType | Should -Be 'DeltaImport'
            $uk.ConnectedSystemId | Should -Be 1
            $uk.ConnectedSystemName | Should -Be 'Active Directory'
            $uk.PartitionId | Should -Be 3
            $uk.PartitionName | Should -Be 'DC=uk,DC=corp,DC=example,DC=com'
            $uk.PageSize | Should -Be 100
            $uk.PSObject.Properties.Name | Should -Contain 'FilePath'
            $uk.TargetsDeselectedPartition | Should -BeFalse
            $uk.VerifyImportContentHashes | Should -BeFalse
        }

        It 'names synchronisation types by the short names' {
            $sync = Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Synchronisation'
            $sync.Type | Should -Be 'FullSync'
            $sync.RunType | Should -Be 'FullSynchronisation'
            (Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Delta Synchronisation').Type |
                Should -Be 'DeltaSync'
        }

        It 'leaves PartitionId empty for a profile of every partition' {
            $full = Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import'
            $full.PartitionId | Should -BeNullOrEmpty
            $full.PartitionName | Should -BeNullOrEmpty
        }

        It 'keeps the file path of a file profile' {
            (Get-JIMRunProfile -ConnectedSystemId 3 -Name 'Full Import').FilePath |
                Should -Be '/var/jim/import/contractors.csv'
        }

        It 'takes Connected Systems from the pipeline' {
            $profiles = @(Get-JIMConnectedSystem -Name 'HR*' | Get-JIMRunProfile)
            $profiles.Id | Should -Be @(7, 8, 9, 10)
        }

        It 'lists the profiles of every piped system' {
            @(Get-JIMConnectedSystem | Get-JIMRunProfile).Count | Should -Be 18
        }

        It 'reads a piped Run Profile again as itself' {
            $again = @(Get-JIMRunProfile -RunProfileId 14 | Get-JIMRunProfile)
            $again.Count | Should -Be 1
            $again[0].Id | Should -Be 14
        }

        It 'rejects a piped Activity' {
            $result = Start-JIMRunProfile -RunProfileId 12 -PassThru -InformationAction SilentlyContinue
            $activity = Get-JIMActivity -Id $result.ActivityId
            $activity | Add-Member -NotePropertyName ConnectedSystemId -NotePropertyValue 3
            $caught = Get-CaughtError { $activity | Get-JIMRunProfile -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidInputObject*'
        }

        It 'finds one profile by Run Profile ID alone' {
            $found = Get-JIMRunProfile -RunProfileId 12
            $found.Name | Should -Be 'Full Synchronisation'
            $found.ConnectedSystemId | Should -Be 3
        }

        It 'reports a Run Profile ID that no system owns as ObjectNotFound' {
            $caught = Get-CaughtError { Get-JIMRunProfile -RunProfileId 4242 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'reports an unknown system as JIM.NotFound' {
            $caught = Get-CaughtError { Get-JIMRunProfile -ConnectedSystemId 77 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
            $caught.Exception.Message | Should -Match '77'
        }

        It 'goes on after a bad pipeline item, and stops at it with -ErrorAction Stop' {
            $items = @(
                [pscustomobject]@{ Id = 2 }
                [pscustomobject]@{ Id = 77 }
                [pscustomobject]@{ Id = 3 }
            )
            $errors = $null
            $profiles = @($items | Get-JIMRunProfile -ErrorVariable errors -ErrorAction SilentlyContinue)
            $profiles.ConnectedSystemId | Sort-Object -Unique | Should -Be @(2, 3)
            # -ErrorVariable also collects the copies recorded on the way up inside the
            # module; the cmdlet itself wrote one error.
            @($errors | Where-Object FullyQualifiedErrorId -like '*,Get-JIMRunProfile').Count |
                Should -Be 1
            { $items | Get-JIMRunProfile -ErrorAction Stop } | Should -Throw -ErrorId 'JIM.NotFound*'
        }

        It 'round-trips names with non-ASCII characters' {
            $name = 'Import – Zürich 東京'
            New-JIMRunProfile -ConnectedSystemId 1 -Name $name -Type FullImport
            (Get-JIMRunProfile -ConnectedSystemId 1 -Name $name).Name | Should -Be $name
        }
    }

    Describe 'New-JIMRunProfile' {
        It 'creates a profile and writes nothing without -PassThru' {
            $output = @(New-JIMRunProfile -ConnectedSystemId 1 -Name 'Nightly Import' -Type FullImport)
            $output.Count | Should -Be 0
            $created = Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Nightly Import'
            $created.Type | Should -Be 'FullImport'
        }

        It 'returns the created profile with -PassThru' {
            $created = New-JIMRunProfile -ConnectedSystemId 1 -Name 'Export (new)' -Type Export -PassThru
            $created.Id | Should -Be 19
            $created.Name | Should -Be 'Export (new)'
            $created.ConnectedSystemName | Should -Be 'Active Directory'
            $created.PSObject.TypeNames | Should -Contain 'JIM.RunProfile'
        }

        It 'creates by Connected System name' {
            $created = New-JIMRunProfile -ConnectedSystemName 'Entra ID' -Name 'Delta Sync' `
                -Type DeltaSync -PassThru
            $created.ConnectedSystemId | Should -Be 4
            $created.Type | Should -Be 'DeltaSync'
            $created.RunType | Should -Be 'DeltaSynchronisation'
        }

        It 'takes -Name by position' {
            $created = New-JIMRunProfile 'Positional' -ConnectedSystemId 2 -Type FullImport -PassThru
            $created.Name | Should -Be 'Positional'
        }

        It 'accepts the server long name <Type>' -TestCases @(
            @{ Type = 'FullSynchronisation'; Short = 'FullSync' }
            @{ Type = 'DeltaSynchronisation'; Short = 'DeltaSync' }
        ) {
            (New-JIMRunProfile -ConnectedSystemId 2 -Name "Long $Type" -Type $Type -PassThru).Type |
                Should -Be $Short
        }

        It 'scopes to a partition with -PartitionId' {
            $created = New-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import (UK)' `
                -Type FullImport -PartitionId 3 -PassThru
            $created.PartitionId | Should -Be 3
            $created.PartitionName | Should -Be 'DC=uk,DC=corp,DC=example,DC=com'
        }

        It 'shows the server message for a partition of another system' {
            $caught = Get-CaughtError {
                New-JIMRunProfile -ConnectedSystemId 2 -Name 'Bad' -Type FullImport -PartitionId 3 `
                    -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.BadRequest*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $caught.Exception.HttpStatus | Should -Be 400
            $caught.Exception.Message | Should -Match 'artition'
            @(Get-JIMRunProfile -ConnectedSystemId 2).Count | Should -Be 4
        }

        It 'rejects a name over 200 characters and creates nothing' {
            $caught = Get-CaughtError {
                New-JIMRunProfile -ConnectedSystemId 1 -Name ('x' * 201) -Type FullImport `
                    -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.BadRequest*'
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }

        It 'reports an unknown Connected System name' {
            $caught = Get-CaughtError {
                New-JIMRunProfile -ConnectedSystemName 'Payroll' -Name 'x' -Type Export -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
        }

        It 'sends nothing to the server with -WhatIf' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            New-JIMRunProfile -ConnectedSystemId 1 -Name 'Delta Import' -Type DeltaImport -WhatIf
            New-JIMRunProfile -ConnectedSystemName 'Active Directory' -Name 'x' -Type Export -WhatIf
            @(Get-JIMEmulatorRequest -Emulator $emulator).Count | Should -Be 0
        }

        It 'sends nothing when -Confirm is declined' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            $ConfirmPreference = 'Low'
            New-JIMRunProfile -ConnectedSystemId 1 -Name 'x' -Type Export -Confirm:$false
            Get-TestChangeRequest -Emulator $emulator | Should -HaveCount 1
        }
    }

    Describe 'Set-JIMRunProfile' {
        It 'renames by ID and writes nothing without -PassThru' {
            $output = @(Set-JIMRunProfile -Id 7 -Name 'HR Full Import')
            $output.Count | Should -Be 0
            (Get-JIMRunProfile -RunProfileId 7).Name | Should -Be 'HR Full Import'
        }

        It 'returns the updated profile with -PassThru' {
            $updated = Set-JIMRunProfile -Id 1 -PartitionId 2 -PassThru
            $updated.PartitionId | Should -Be 2
            $updated.Name | Should -Be 'Full Import'
            $updated.Type | Should -Be 'FullImport'
        }

        It 'takes Run Profiles from the pipeline' {
            $updated = @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Export' |
                    Set-JIMRunProfile -Name 'Export (renamed)' -PassThru)
            $updated.Count | Should -Be 1
            $updated[0].Id | Should -Be 5
            $updated[0].Name | Should -Be 'Export (renamed)'
        }

        It 'takes an object with an Id property from the pipeline' {
            [pscustomobject]@{ Id = 14 } | Set-JIMRunProfile -Name 'Entra Full Import'
            (Get-JIMRunProfile -RunProfileId 14).Name | Should -Be 'Entra Full Import'
        }

        It 'rejects a piped Connected System rather than reading its ID' {
            $caught = Get-CaughtError {
                Get-JIMConnectedSystem -Id 2 | Set-JIMRunProfile -Name 'x' -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidInputObject*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidType'
            (Get-JIMRunProfile -RunProfileId 2).Name | Should -Be 'Delta Import'
        }

        It 'reports an ID that no system owns' {
            $caught = Get-CaughtError { Set-JIMRunProfile -Id 4242 -Name 'x' -ErrorAction Stop }
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'asks for something to change' {
            $caught = Get-CaughtError { Set-JIMRunProfile -Id 1 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NothingToChange*'
        }

        It 'sends no change with -WhatIf' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            Set-JIMRunProfile -Id 1 -Name 'Never' -WhatIf
            Get-JIMRunProfile -ConnectedSystemId 1 | Set-JIMRunProfile -Name 'Never' -WhatIf
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
            (Get-JIMRunProfile -RunProfileId 1).Name | Should -Be 'Full Import'
        }

        It 'shows the server message for an invalid partition' {
            $caught = Get-CaughtError { Set-JIMRunProfile -Id 7 -PartitionId 3 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.BadRequest*'
            (Get-JIMRunProfile -RunProfileId 7).PartitionId | Should -BeNullOrEmpty
        }
    }

    Describe 'Remove-JIMRunProfile' {
        It 'deletes by ID with -Force and writes nothing' {
            $output = @(Remove-JIMRunProfile -Id 13 -Force)
            $output.Count | Should -Be 0
            @(Get-JIMRunProfile -ConnectedSystemId 3).Id | Should -Be @(11, 12)
        }

        It 'returns the deleted profile as it was with -PassThru' {
            $deleted = Remove-JIMRunProfile -Id 10 -Force -PassThru
            $deleted.Id | Should -Be 10
            $deleted.Name | Should -Be 'Delta Synchronisation'
            $deleted.ConnectedSystemName | Should -Be 'HR Database'
            @(Get-JIMRunProfile -ConnectedSystemId 2).Id | Should -Not -Contain 10
        }

        It 'deletes every piped profile' {
            Get-JIMRunProfile -ConnectedSystemId 1 | Remove-JIMRunProfile -Force
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 0
            @(Get-JIMRunProfile -ConnectedSystemId 2).Count | Should -Be 4
        }

        It 'works with -Confirm:$false in a runbook' {
            Remove-JIMRunProfile -Id 12 -Confirm:$false
            @(Get-JIMRunProfile -ConnectedSystemId 3).Id | Should -Not -Contain 12
        }

        It 'deletes nothing with -WhatIf, even with -Force' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            Remove-JIMRunProfile -Id 1 -WhatIf
            Remove-JIMRunProfile -Id 1 -Force -WhatIf
            Get-JIMRunProfile -ConnectedSystemId 1 | Remove-JIMRunProfile -WhatIf
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }

        It 'rejects a piped Connected System rather than deleting the profile with its ID' {
            $caught = Get-CaughtError {
                Get-JIMConnectedSystem -Id 1 | Remove-JIMRunProfile -Force -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidInputObject*'
            @(Get-JIMRunProfile -ConnectedSystemId 1).Id | Should -Contain 1
        }

        It 'reports an ID that no system owns and deletes nothing' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            $caught = Get-CaughtError { Remove-JIMRunProfile -Id 4242 -Force -ErrorAction Stop }
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
        }
    }

    Describe 'Remove-JIMRunProfile confirmation' {
        BeforeAll {
            . (Join-Path $PSScriptRoot 'AnsweringHost.ps1')

            # Runs a script in a runspace whose host answers every prompt with $Answer (0 is
            # the first choice, Yes) and returns the prompts it was shown.
            function Invoke-WithAnswer {
                param([int] $Answer, [string] $Script)
                $answeringHost = [AnsweringHost]::new($Answer)
                $runspace = [runspacefactory]::CreateRunspace($answeringHost)
                $runspace.Open()
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                try {
                    $null = $ps.AddScript(@"
Import-Module '$ModulePath'
`$null = Connect-JIM -Url '$($emulator.Url)' -ApiKey '$($emulator.ApiKey)'
$Script
"@)
                    $null = $ps.Invoke()
                    [pscustomobject]@{
                        Prompts = $answeringHost.AnsweringUI.Prompts
                        Errors  = @($ps.Streams.Error)
                    }
                } finally {
                    $ps.Dispose()
                    $runspace.Dispose()
                }
            }
        }

        It 'prompts by default and deletes when the answer is Yes' {
            $result = Invoke-WithAnswer -Answer 0 -Script 'Remove-JIMRunProfile -Id 11'
            $result.Errors | Should -BeNullOrEmpty
            $result.Prompts.Count | Should -Be 1
            $result.Prompts[0] | Should -Match "Run Profile 11 'Full Import'"
            @(Get-JIMRunProfile -ConnectedSystemId 3).Id | Should -Not -Contain 11
        }

        It 'deletes nothing when the answer is No' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            $result = Invoke-WithAnswer -Answer 2 -Script 'Remove-JIMRunProfile -Id 11'
            $result.Prompts.Count | Should -Be 1
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
            @(Get-JIMRunProfile -ConnectedSystemId 3).Id | Should -Contain 11
        }

        It 'does not prompt with -Force' {
            $result = Invoke-WithAnswer -Answer 2 -Script 'Remove-JIMRunProfile -Id 11 -Force'
            $result.Prompts.Count | Should -Be 0
            @(Get-JIMRunProfile -ConnectedSystemId 3).Id | Should -Not -Contain 11
        }

        It 'says how to go ahead where no prompt can be shown' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            $script = @"
Import-Module '$ModulePath'
`$null = Connect-JIM -Url '$($emulator.Url)' -ApiKey '$($emulator.ApiKey)'
try {
    Remove-JIMRunProfile -Id 11
} catch {
    `$_.FullyQualifiedErrorId
    `$_.Exception.Message
}
"@
            $output = & $PwshPath -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
            $output | Should -Match 'JIM.ConfirmationRequired'
            $output | Should -Match '-Force'
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'does not prompt for New- and Set- at the default preference' {
            $script = "New-JIMRunProfile -ConnectedSystemId 3 -Name 'x' -Type Export`n" +
                "Set-JIMRunProfile -Id 11 -Name 'y'"
            $result = Invoke-WithAnswer -Answer 2 -Script $script
            $result.Prompts.Count | Should -Be 0
            (Get-JIMRunProfile -RunProfileId 11).Name | Should -Be 'y'
        }
    }
}
