#Requires -Modules Pester
# Connect-JIM with bearer tokens from the emulator's own OpenID Connect token endpoint, and
# the refresh of an access token that expires while the module uses it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $ModulePath -Force
    $emulator = Start-JIMEmulator -Path $EmulatorPath -ArgumentList '--run-seconds', '1',
        '--token-lifetime', '300'

    # Gets tokens the way a runbook would get them from its identity provider.
    function Get-TestToken {
        $body = 'grant_type=client_credentials&client_id=jim-powershell'
        Invoke-RestMethod -Method POST -Uri "$($emulator.Url)/connect/token" -Body $body `
            -ContentType 'application/x-www-form-urlencoded'
    }

}

AfterAll {
    Disconnect-JIM
    Stop-JIMEmulator $emulator
}

Describe 'Connect-JIM with bearer tokens' {
    It 'connects with an access token' {
        $token = Get-TestToken
        $connection = Connect-JIM -Url $emulator.Url -AccessToken $token.access_token
        $connection.AuthMethod | Should -Not -BeNullOrEmpty
        @(Get-JIMConnectedSystem).Count | Should -Be 4
    }

    It 'takes tokens as SecureStrings' {
        $token = Get-TestToken
        $access = ConvertTo-SecureString $token.access_token -AsPlainText -Force
        $refresh = ConvertTo-SecureString $token.refresh_token -AsPlainText -Force
        $null = Connect-JIM -Url $emulator.Url -AccessToken $access -RefreshToken $refresh
        @(Get-JIMRunProfile -ConnectedSystemId 2).Count | Should -Be 4
    }

    It 'refreshes an expired access token and goes on' {
        $token = Get-TestToken
        $null = Connect-JIM -Url $emulator.Url -AccessToken $token.access_token `
            -RefreshToken $token.refresh_token
        $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method POST -Path 'tokens/expire'
        Clear-JIMEmulatorRequest -Emulator $emulator
        @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -Be 6
        # The expired token was rejected once; the refreshed one was accepted.
        $statuses = @(Get-JIMEmulatorRequest -Emulator $emulator |
                Where-Object path -eq '/api/v1/synchronisation/connected-systems/1/run-profiles' |
                ForEach-Object status)
        $statuses | Should -Be @(401, 200)
    }

    It 'refreshes while -Wait polls' {
        $token = Get-TestToken
        $null = Connect-JIM -Url $emulator.Url -AccessToken $token.access_token `
            -RefreshToken $token.refresh_token
        $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method PUT `
            -Path 'run-profiles/7/outcome' -Body @{ status = 'Complete'; runSeconds = 4 }
        $expire = Start-ThreadJob -ArgumentList $emulator.Url -ScriptBlock {
            param($Url)
            Start-Sleep -Seconds 1
            Invoke-RestMethod -Method POST -Uri "$Url/_emulator/tokens/expire"
        }
        $result = Start-JIMRunProfile -RunProfileId 7 -Wait -PassThru -InformationAction SilentlyContinue
        $null = $expire | Wait-Job | Receive-Job
        $result.Status | Should -Be 'Complete'
    }

    It 'fails with JIM.Unauthorised for an expired token without a refresh token' {
        $token = Get-TestToken
        $null = Connect-JIM -Url $emulator.Url -AccessToken $token.access_token
        $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method POST -Path 'tokens/expire'
        $caught = Get-CaughtError { Get-JIMConnectedSystem -ErrorAction Stop }
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.Unauthorised*'
    }

    It 'rejects an unknown token at connect' {
        $caught = Get-CaughtError { Connect-JIM -Url $emulator.Url -AccessToken 'a.b.c' }
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.Unauthorised*'
    }

    It 'never shows a token in any stream' {
        $token = Get-TestToken
        $text = & {
            $null = Connect-JIM -Url $emulator.Url -AccessToken $token.access_token `
                -RefreshToken $token.refresh_token -Verbose
            $null = Invoke-JIMEmulatorControl -Emulator $emulator -Method POST -Path 'tokens/expire'
            Get-JIMConnectedSystem -Verbose | Out-String
            Get-JIMRunProfile -ConnectedSystemId 99 -Verbose -ErrorAction Continue
        } *>&1 | Out-String
        $text | Should -Not -Match ([regex]::Escape($token.access_token))
        $text | Should -Not -Match ([regex]::Escape($token.refresh_token))
    }
}
