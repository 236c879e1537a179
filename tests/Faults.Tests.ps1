#Requires -Modules Pester
# How the module behaves when the server misbehaves: each fault of the emulator, set
# through its control route for the next few matching requests only.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $ModulePath -Force
    $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '1'

    $profilesPath = '/api/v1/synchronisation/connected-systems/1/run-profiles'
    $executePath = "$profilesPath/1/execute"

    function Set-Fault {
        param([hashtable] $Rule)
        $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT -Path 'faults' `
            -Body @{ faults = @($Rule) }
    }

    function Get-RequestCount {
        param([string] $Method, [string] $Path)
        @(Get-JIMEmulatorRequest -Emulator $emulator |
                Where-Object { $_.method -eq $Method -and $_.path -eq $Path }).Count
    }

}

AfterAll {
    Disconnect-JIM
    Stop-JIMEmulator $emulator
}

Describe 'Server faults' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        Connect-TestEmulator -Emulator $emulator
        Clear-JIMEmulatorRequest -Emulator $emulator
    }

    Context 'latency' {
        It 'still answers with 300 ms added to every request' {
            Set-Fault @{ kind = 'latency'; latencyMs = 300 }
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }
    }

    Context '5xx answers' {
        It 'retries a read that got 503 twice, and succeeds' {
            Set-Fault @{ kind = 'error'; status = 503; count = 2; pathPrefix = $profilesPath
                method = 'GET' }
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
            Get-RequestCount -Method GET -Path $profilesPath | Should -Be 3
        }

        It 'gives up on a read after the retries, with JIM.ServerError' {
            Set-Fault @{ kind = 'error'; status = 502; count = 20; pathPrefix = $profilesPath
                method = 'GET' }
            $caught = Get-CaughtError {
                Get-JIMRunProfile -ConnectedSystemId 1 -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.ServerError*'
            $caught.Exception.HttpStatus | Should -Be 502
            Get-RequestCount -Method GET -Path $profilesPath | Should -Be 4
        }

        It 'never replays a start that got 503' {
            Set-Fault @{ kind = 'error'; status = 503; count = 1; pathPrefix = $executePath
                handled = $true }
            $caught = Get-CaughtError { Start-JIMRunProfile -RunProfileId 1 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.ServerError*'
            Get-RequestCount -Method POST -Path $executePath | Should -Be 1
        }

        It 'does not retry a create that got 500, and the server keeps one profile' {
            Set-Fault @{ kind = 'error'; status = 500; count = 1; pathPrefix = $profilesPath
                method = 'POST' }
            $caught = Get-CaughtError {
                New-JIMRunProfile -ConnectedSystemId 1 -Name 'Once' -Type Export -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.ServerError*'
            Get-RequestCount -Method POST -Path $profilesPath | Should -Be 1
        }
    }

    Context 'rate limiting' {
        It 'waits for Retry-After on 429 and succeeds' {
            Set-Fault @{ kind = 'error'; status = 429; retryAfterSeconds = 1; count = 1
                pathPrefix = $profilesPath }
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
            $stopwatch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
            Get-RequestCount -Method GET -Path $profilesPath | Should -Be 2
        }

        It 'retries a start that got 429, because the server did not act on it' {
            Set-Fault @{ kind = 'error'; status = 429; retryAfterSeconds = 1; count = 1
                pathPrefix = $executePath }
            $result = Start-JIMRunProfile -RunProfileId 1 -PassThru -InformationAction SilentlyContinue
            $result.ActivityId | Should -BeOfType [guid]
            Get-RequestCount -Method POST -Path $executePath | Should -Be 2
        }
    }

    Context 'dropped connections' {
        It 'retries a read whose connection closed before the response' {
            Set-Fault @{ kind = 'dropBeforeResponse'; count = 1; pathPrefix = $profilesPath }
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }

        It 'never replays a start whose connection closed after the server acted' {
            Set-Fault @{ kind = 'dropBeforeResponse'; count = 1; pathPrefix = $executePath
                handled = $true }
            $caught = Get-CaughtError { Start-JIMRunProfile -RunProfileId 1 -ErrorAction Stop }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.ConnectionFailed*'
            Get-RequestCount -Method POST -Path $executePath | Should -Be 1
        }

        It 'retries a read whose body was cut off' {
            Set-Fault @{ kind = 'dropMidBody'; count = 1; pathPrefix = $profilesPath }
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }
    }

    Context 'broken JSON' {
        It 'reports a <Kind> body as JIM.InvalidResponse, and the next call works' -TestCases @(
            @{ Kind = 'truncatedJson' }
            @{ Kind = 'malformedJson' }
        ) {
            Set-Fault @{ kind = $Kind; count = 10; pathPrefix = $profilesPath }
            $caught = Get-CaughtError {
                Get-JIMRunProfile -ConnectedSystemId 1 -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidResponse*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method DELETE -Path 'faults'
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }
    }

    Context 'broken JSON after a change' {
        It 'says that a create whose answer is unreadable was most likely made' {
            Set-Fault @{ kind = 'malformedJson'; count = 1; pathPrefix = $profilesPath
                method = 'POST' }
            $caught = Get-CaughtError {
                New-JIMRunProfile -ConnectedSystemId 1 -Name 'Made' -Type Export -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidResponse*'
            $caught.Exception.Message | Should -Match 'most likely carried out'
            @(Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Made').Count | Should -Be 1
            Get-RequestCount -Method POST -Path $profilesPath | Should -Be 1
        }
    }

    Context 'slow bodies' {
        It 'waits for a body trickled over 1.5 seconds' {
            Set-Fault @{ kind = 'slowBody'; durationMs = 1500; count = 1; pathPrefix = $profilesPath }
            @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        }

        It 'times out a body slower than -TimeoutSeconds, with JIM.TimedOut' {
            $null = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey -TimeoutSeconds 1
            Set-Fault @{ kind = 'slowBody'; durationMs = 8000; count = 10; pathPrefix = $profilesPath }
            $caught = Get-CaughtError {
                Get-JIMRunProfile -ConnectedSystemId 1 -ErrorAction Stop
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.TimedOut*'
            $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
    }

    Context 'polling through faults' {
        It 'keeps waiting while the server restarts' {
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT `
                -Path 'run-profiles/1/outcome' -Body @{ status = 'Complete'; runSeconds = 8 }
            $restart = Start-ThreadJob -ArgumentList $emulator.Url -ScriptBlock {
                param($Url)
                Start-Sleep -Seconds 3
                Invoke-RestMethod -Method POST -Uri "$Url/_emulator/restart" `
                    -ContentType 'application/json' -Body '{"downSeconds": 3}'
            }
            $result = Start-JIMRunProfile -RunProfileId 1 -Wait -PassThru `
                -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            $restarted = $restart | Wait-Job | Receive-Job
            # The restart was accepted while the run was polled, 3 of its 8 seconds in.
            $restarted.downSeconds | Should -Be 3
            $result.Status | Should -Be 'Complete'
        }

        It 'retries a poll rejected with 401 up to 3 times' {
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT `
                -Path 'run-profiles/1/outcome' -Body @{ status = 'Complete'; runSeconds = 1 }
            Set-Fault @{ kind = 'error'; status = 401; count = 3; pathPrefix = '/api/v1/activities/' }
            $result = Start-JIMRunProfile -RunProfileId 1 -Wait -PassThru `
                -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            $result.Status | Should -Be 'Complete'
        }

        It 'fails after the fourth rejected poll, naming the activity' {
            Set-Fault @{ kind = 'error'; status = 401; count = 10; pathPrefix = '/api/v1/activities/' }
            $caught = Get-CaughtError {
                Start-JIMRunProfile -RunProfileId 1 -Wait -WarningAction SilentlyContinue `
                    -InformationAction SilentlyContinue
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.WaitFailed*'
            $caught.Exception.Message | Should -Match 'Get-JIMActivity -Id [0-9a-f-]{36}'
            @(Get-JIMEmulatorRequest -Emulator $emulator |
                    Where-Object path -like '/api/v1/activities/*/progress').Count | Should -Be 4
        }
    }
}
