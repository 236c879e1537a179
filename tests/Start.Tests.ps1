#Requires -Modules Pester
# Start-JIMRunProfile and Get-JIMActivity against a real emulator process: the four
# parameter sets, refused starts, -Wait with each final status, -Timeout, Ctrl+C and the
# information stream.
#
# The emulator's initial estate: Connected System 1 'Active Directory' (partitions 2 and 3)
# owns Run Profiles 1-6, where 6 'Delta Import (UK)' is scoped to partition 3;
# 2 'HR Database' owns 7-10, 3 'Contractors CSV Feed' owns 11-13, 4 'Entra ID' owns 14-18.

Describe 'Starting runs against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestSetup.ps1')
        Import-Module $ModulePath -Force
        $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '1'
        Connect-TestEmulator -Emulator $emulator


        function Set-RunOutcome {
            param([int] $RunProfileId, [string] $Status, [double] $RunSeconds = 1)
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT `
                -Path "run-profiles/$RunProfileId/outcome" `
                -Body @{ status = $Status; runSeconds = $RunSeconds }
        }

        function Get-ProgressRequest {
            @(Get-JIMEmulatorRequest -Emulator $emulator |
                    Where-Object { $_.path -like '/api/v1/activities/*/progress' })
        }
    }

    AfterAll {
        Disconnect-JIM
        Stop-JIMEmulator $emulator
    }

    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    Describe 'Start-JIMRunProfile without -Wait' {
        It 'starts by Connected System name and Run Profile name, writing no output' {
            $output = @(Start-JIMRunProfile -ConnectedSystemName 'Active Directory' `
                    -RunProfileName 'Full Import' -InformationAction SilentlyContinue)
            $output.Count | Should -Be 0
            $starts = @(Get-TestChangeRequest -Emulator $emulator)
            $starts.path | Should -Be @('/api/v1/synchronisation/connected-systems/1/run-profiles/1/execute')
        }

        It 'returns ActivityId and TaskId with -PassThru' {
            $result = Start-JIMRunProfile -RunProfileId 7 -PassThru -InformationAction SilentlyContinue
            $result.ActivityId | Should -BeOfType [guid]
            $result.TaskId | Should -BeOfType [string]
            [guid]::Parse($result.TaskId) | Should -Not -Be ([guid]::Empty)
            $result.RunProfileId | Should -Be 7
            $result.ConnectedSystemName | Should -Be 'HR Database'
            $result.PSObject.TypeNames | Should -Contain 'JIM.RunProfileExecution'
        }

        It 'starts by Run Profile ID and Connected System name' {
            $result = Start-JIMRunProfile -RunProfileId 8 -ConnectedSystemName 'HR Database' `
                -PassThru -InformationAction SilentlyContinue
            $result.RunProfileName | Should -Be 'Delta Import'
        }

        It 'starts by Connected System ID and Run Profile name' {
            $result = Start-JIMRunProfile -ConnectedSystemId 4 -RunProfileName 'Export' -PassThru `
                -InformationAction SilentlyContinue
            $result.RunProfileId | Should -Be 18
        }

        It 'accepts -Id as the alias of -RunProfileId' {
            (Start-JIMRunProfile -Id 11 -PassThru -InformationAction SilentlyContinue).RunProfileId |
                Should -Be 11
        }

        It 'rejects a Run Profile ID of another system with -ConnectedSystemName' {
            $caught = Get-CaughtError {
                Start-JIMRunProfile -RunProfileId 1 -ConnectedSystemName 'HR Database' -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'lists the profile names when the name matches none' {
            $caught = Get-CaughtError {
                Start-JIMRunProfile -ConnectedSystemId 3 -RunProfileName 'Delta Import' -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
            $caught.Exception.Message | Should -Match "'Full Import'"
        }

        It 'shows the server message when the profile is already running' {
            Set-RunOutcome -RunProfileId 1 -Status Complete -RunSeconds 30
            $first = Start-JIMRunProfile -RunProfileId 1 -PassThru -InformationAction SilentlyContinue
            $caught = Get-CaughtError { Start-JIMRunProfile -RunProfileId 1 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.Conflict*'
            $caught.Exception.Message | Should -Match 'already running'
            $caught.Exception.Message | Should -Match $first.ActivityId.ToString()
            $caught.Exception.HttpStatus | Should -Be 409
        }

        It 'shows the server message when the partition is deselected' {
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT -Path 'partitions/3' `
                -Body @{ selected = $false }
            $caught = Get-CaughtError { Start-JIMRunProfile -RunProfileId 6 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.BadRequest*'
            $caught.Exception.Message | Should -Match 'partition'
        }

        It 'rejects a piped Connected System rather than starting the profile with its ID' {
            $caught = Get-CaughtError {
                Get-JIMConnectedSystem -Id 2 | Start-JIMRunProfile -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidInputObject*'
            Get-TestChangeRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'reports a Run Profile ID that no system owns' {
            $caught = Get-CaughtError { Start-JIMRunProfile -RunProfileId 4242 -ErrorAction Stop }
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'writes its status message to the information stream' {
            $messages = $null
            $null = Start-JIMRunProfile -RunProfileId 2 -InformationVariable messages `
                -InformationAction SilentlyContinue
            $messages.Count | Should -Be 1
            $messages[0].MessageData | Should -Match 'Activity ID: [0-9a-f-]{36}'
            $messages[0].Tags | Should -Contain 'JIM'
        }

        It 'can be silenced and captured with 6>&1' {
            $captured = @(Start-JIMRunProfile -RunProfileId 3 6>&1)
            $captured.Count | Should -Be 1
            $captured[0] | Should -BeOfType [System.Management.Automation.InformationRecord]
        }
    }

    Describe 'Start-JIMRunProfile -Wait' {
        It 'waits for Complete and returns the finished activity with -PassThru' {
            $result = Start-JIMRunProfile -RunProfileId 1 -Wait -PassThru -InformationAction SilentlyContinue
            $result.Status | Should -Be 'Complete'
            $result.Activity.Status | Should -Be 'Complete'
            $result.Activity.Id | Should -Be $result.ActivityId
            $result.Activity.TargetName | Should -Be 'Full Import'
            $result.Activity.ObjectsProcessed | Should -BeGreaterThan 0
            (Get-ProgressRequest).Count | Should -BeGreaterOrEqual 1
        }

        It 'polls every 2 seconds' {
            Set-RunOutcome -RunProfileId 7 -Status Complete -RunSeconds 5
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = Start-JIMRunProfile -RunProfileId 7 -Wait -InformationAction SilentlyContinue
            $stopwatch.Stop()
            $polls = (Get-ProgressRequest).Count
            $polls | Should -BeGreaterOrEqual 3
            $polls | Should -BeLessOrEqual 5
        }

        It 'writes a warning for CompleteWithWarning' {
            Set-RunOutcome -RunProfileId 2 -Status CompleteWithWarning
            $warnings = $null
            $result = Start-JIMRunProfile -RunProfileId 2 -Wait -PassThru -WarningVariable warnings `
                -WarningAction SilentlyContinue -InformationAction SilentlyContinue -ErrorAction Stop
            $result.Status | Should -Be 'CompleteWithWarning'
            $warnings.Count | Should -BeGreaterOrEqual 1
            ($warnings -join ' ') | Should -Match $result.ActivityId.ToString()
        }

        It 'writes an error naming the activity for <Status>' -TestCases @(
            @{ Status = 'CompleteWithError'; ErrorId = 'JIM.RunCompletedWithError' }
            @{ Status = 'FailedWithError'; ErrorId = 'JIM.RunFailed' }
            @{ Status = 'Cancelled'; ErrorId = 'JIM.RunCancelled' }
        ) {
            Set-RunOutcome -RunProfileId 3 -Status $Status
            $errors = $null
            $result = Start-JIMRunProfile -RunProfileId 3 -Wait -PassThru -ErrorVariable errors `
                -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
            $result.Status | Should -Be $Status
            # -ErrorVariable also collects the copies recorded on the way up inside the
            # module; the cmdlet itself wrote one error.
            $written = @($errors | Where-Object FullyQualifiedErrorId -like '*,Start-JIMRunProfile')
            $written.Count | Should -Be 1
            $written[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId*"
            $written[0].Exception.ActivityId | Should -Be $result.ActivityId.ToString()
            $written[0].Exception.Message | Should -Match $result.ActivityId.ToString()
        }

        It 'never takes a status it does not know for success' {
            Set-RunOutcome -RunProfileId 3 -Status Suspended
            $errors = $null
            $result = Start-JIMRunProfile -RunProfileId 3 -Wait -PassThru -ErrorVariable errors `
                -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
            $result.Status | Should -Be 'Suspended'
            $written = @($errors | Where-Object FullyQualifiedErrorId -like '*,Start-JIMRunProfile')
            $written.Count | Should -Be 1
            $written[0].FullyQualifiedErrorId | Should -BeLike 'JIM.UnknownRunStatus*'
            $written[0].Exception.Message | Should -Match 'not taken for success'
        }

        It 'throws for a failed run with -ErrorAction Stop' {
            Set-RunOutcome -RunProfileId 4 -Status FailedWithError
            $caught = Get-CaughtError {
                Start-JIMRunProfile -RunProfileId 4 -Wait -ErrorAction Stop -InformationAction SilentlyContinue
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.RunFailed*'
        }

        It 'throws a terminating error naming the activity when -Timeout passes' {
            Set-RunOutcome -RunProfileId 5 -Status Complete -RunSeconds 60
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $caught = Get-CaughtError {
                Start-JIMRunProfile -RunProfileId 5 -Wait -Timeout 1 -InformationAction SilentlyContinue
            }
            $stopwatch.Stop()
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.RunTimedOut*'
            $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $caught.Exception.ActivityId | Should -Match '^[0-9a-f-]{36}$'
            $caught.Exception.Message | Should -Match $caught.Exception.ActivityId
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 10
        }

        It 'stops a pipeline at a timed-out run even without -ErrorAction Stop' {
            Set-RunOutcome -RunProfileId 5 -Status Complete -RunSeconds 60
            $started = [System.Collections.Generic.List[object]]::new()
            $caught = Get-CaughtError {
                5, 7 | ForEach-Object {
                    Start-JIMRunProfile -RunProfileId $_ -Wait -Timeout 1 -InformationAction SilentlyContinue
                    $started.Add($_)
                }
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.RunTimedOut*'
            $started.Count | Should -Be 0
        }

        It 'starts each piped profile of a type and waits for each' {
            $results = @(Get-JIMConnectedSystem | Get-JIMRunProfile |
                    Where-Object Type -eq FullImport |
                    Start-JIMRunProfile -Wait -PassThru -InformationAction SilentlyContinue)
            $results.RunProfileId | Should -Be @(1, 7, 11, 14)
            $results.Status | Sort-Object -Unique | Should -Be 'Complete'
        }

        It 'reports one status line per phase to the information stream' {
            $messages = $null
            $null = Start-JIMRunProfile -RunProfileId 1 -Wait -InformationVariable messages `
                -InformationAction SilentlyContinue
            $messages.Count | Should -BeGreaterOrEqual 3
            $messages[-1].MessageData | Should -Match 'ended Complete'
        }
    }

    Describe 'Start-JIMRunProfile -Wait interrupted by Ctrl+C' -Skip:$IsWindows {
        It 'says that the run goes on and names the activity' {
            Set-RunOutcome -RunProfileId 14 -Status Complete -RunSeconds 60
            $script = @"
Import-Module '$ModulePath'
`$null = Connect-JIM -Url '$($emulator.Url)' -ApiKey '$($emulator.ApiKey)'
Start-JIMRunProfile -RunProfileId 14 -Wait
"@
            $startInfo = [System.Diagnostics.ProcessStartInfo]::new($PwshPath)
            foreach ($argument in '-NoProfile', '-Command', $script) {
                $startInfo.ArgumentList.Add($argument)
            }
            $startInfo.RedirectStandardOutput = $true
            $startInfo.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($startInfo)
            try {
                $stdout = $process.StandardOutput.ReadToEndAsync()
                $stderr = $process.StandardError.ReadToEndAsync()
                $deadline = [datetime]::UtcNow.AddSeconds(30)
                while ((Get-ProgressRequest).Count -lt 1 -and [datetime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 200
                }
                (Get-ProgressRequest).Count | Should -BeGreaterOrEqual 1
                & kill -INT $process.Id
                $process.WaitForExit(15000) | Should -BeTrue
                $text = $stdout.Result + $stderr.Result
                $text | Should -Match 'Stopped waiting'
                $text | Should -Match 'continues on the server'
                $text | Should -Match 'Get-JIMActivity -Id [0-9a-f-]{36}'
            } finally {
                if (-not $process.HasExited) {
                    $process.Kill($true)
                }
                $process.Dispose()
            }
        }
    }

    Describe 'Get-JIMActivity' {
        It 'reads the started Run Profile from the output of -PassThru' {
            $started = Start-JIMRunProfile -RunProfileId 12 -PassThru -InformationAction SilentlyContinue
            $again = @($started | Get-JIMRunProfile)
            $again.Count | Should -Be 1
            $again[0].Id | Should -Be 12
        }

        It 'reads an activity by ID' {
            $result = Start-JIMRunProfile -RunProfileId 12 -PassThru -InformationAction SilentlyContinue
            $activity = Get-JIMActivity -Id $result.ActivityId
            $activity.Id | Should -Be $result.ActivityId
            $activity.TargetName | Should -Be 'Full Synchronisation'
            $activity.TargetContext | Should -Be 'Contractors CSV Feed'
            $activity.PSObject.TypeNames | Should -Contain 'JIM.Activity'
        }

        It 'takes the output of Start-JIMRunProfile -PassThru from the pipeline' {
            $activity = Start-JIMRunProfile -RunProfileId 12 -PassThru -InformationAction SilentlyContinue |
                Get-JIMActivity -Progress
            $activity.Status | Should -BeIn 'NotSet', 'InProgress', 'Complete'
            $activity.PSObject.Properties.Name | Should -Contain 'Phases'
        }

        It 'lists the most recent activities, newest first' {
            $started = foreach ($id in 11, 12, 13) {
                Start-JIMRunProfile -RunProfileId $id -PassThru -InformationAction SilentlyContinue
            }
            $recent = @(Get-JIMActivity)
            $recent.Count | Should -Be 3
            $recent[0].Id | Should -Be $started[2].ActivityId
            $recent[2].Id | Should -Be $started[0].ActivityId
            $recent[0].PSObject.TypeNames | Should -Contain 'JIM.Activity'
            @(Get-JIMActivity -First 2).Count | Should -Be 2
        }

        It 'lists nothing on a server without activities' {
            @(Get-JIMActivity).Count | Should -Be 0
        }

        It 'reports an unknown activity as JIM.NotFound' {
            $caught = Get-CaughtError { Get-JIMActivity -Id ([guid]::NewGuid()) -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotFound*'
        }

        It 'rejects an ID that is not a GUID before any request' {
            Clear-JIMEmulatorRequest -Emulator $emulator
            { Get-JIMActivity -Id 'not-a-guid' -ErrorAction Stop } | Should -Throw
            Get-JIMEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }
    }
}
