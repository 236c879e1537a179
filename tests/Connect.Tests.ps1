#Requires -Modules Pester
# Connect-JIM and Disconnect-JIM against a real emulator process.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $ModulePath -Force
    $emulator = Start-JIMEmulator -Path $EmulatorPath
}

AfterAll {
    Disconnect-JIM
    Stop-JIMEmulator $emulator
}

Describe 'Connect-JIM' {
    AfterEach {
        Disconnect-JIM
    }

    It 'connects with a plain string key' {
        $connection = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey
        $connection.Url | Should -Be $emulator.Url
        $connection.PSObject.TypeNames | Should -Contain 'JIM.Connection'
        @(Get-JIMConnectedSystem).Count | Should -BeGreaterThan 0
    }

    It 'connects with a SecureString key' {
        $key = ConvertTo-SecureString -String $emulator.ApiKey -AsPlainText -Force
        $null = Connect-JIM -Url $emulator.Url -ApiKey $key
        @(Get-JIMConnectedSystem).Count | Should -BeGreaterThan 0
    }

    It 'accepts a trailing slash in the URL' {
        $null = Connect-JIM -Url "$($emulator.Url)/" -ApiKey $emulator.ApiKey
        @(Get-JIMRunProfile -ConnectedSystemId 1).Count | Should -BeGreaterThan 0
    }

    It 'proves the key with an authenticated request' {
        Clear-JIMEmulatorRequest -Emulator $emulator
        $null = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey
        $requests = Get-JIMEmulatorRequest -Emulator $emulator
        $userInfo = @($requests | Where-Object path -eq '/api/v1/userinfo')
        $userInfo.Count | Should -Be 1
        $userInfo[0].authenticated | Should -BeTrue
    }

    It 'rejects a wrong key with JIM.Unauthorised' {
        $caught = $null
        try {
            Connect-JIM -Url $emulator.Url -ApiKey 'jim_wrong_key_123'
        } catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.Unauthorised*'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.HttpStatus | Should -Be 401
    }

    It 'leaves no connection after a rejected key' {
        try {
            Connect-JIM -Url $emulator.Url -ApiKey 'jim_wrong_key_123'
        } catch {
            $null = $_
        }
        { Get-JIMConnectedSystem -ErrorAction Stop } | Should -Throw -ErrorId 'JIM.NotConnected*'
    }

    It 'rejects a URL that is not http or https with JIM.InvalidArgument' {
        $caught = $null
        try {
            Connect-JIM -Url 'ftp://127.0.0.1/' -ApiKey $emulator.ApiKey
        } catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.InvalidArgument*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a port where nothing listens as JIM.ConnectionFailed' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $caught = $null
        try {
            Connect-JIM -Url "http://127.0.0.1:$port" -ApiKey $emulator.ApiKey
        } catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.ConnectionFailed*'
        $caught.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'rejects an empty key' {
        { Connect-JIM -Url $emulator.Url -ApiKey '' } | Should -Throw
    }

    It 'rejects a key of another type' {
        { Connect-JIM -Url $emulator.Url -ApiKey 42 } | Should -Throw -ErrorId 'JIM.InvalidArgument*'
    }

    It 'never shows the key in any stream' {
        $wrongKey = 'jim_secret_' + [guid]::NewGuid().ToString('N')
        $output = & {
            $null = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey -Verbose
            Get-JIMConnectedSystem -Verbose | Out-String
            Get-JIMRunProfile -ConnectedSystemId 99999 -Verbose -ErrorAction Continue
            try {
                Connect-JIM -Url $emulator.Url -ApiKey $wrongKey -Verbose
            } catch {
                $_ | Format-List * -Force | Out-String
            }
        } *>&1 | Out-String
        $errorText = ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join ''
        $output | Should -Not -Match $emulator.ApiKey
        $output | Should -Not -Match $wrongKey
        $errorText | Should -Not -Match $emulator.ApiKey
        $errorText | Should -Not -Match $wrongKey
    }
}

Describe 'Disconnect-JIM' {
    It 'closes the connection' {
        $null = Connect-JIM -Url $emulator.Url -ApiKey $emulator.ApiKey
        Disconnect-JIM
        { Get-JIMConnectedSystem -ErrorAction Stop } | Should -Throw -ErrorId 'JIM.NotConnected*'
    }

    It 'does nothing when no connection is open' {
        Disconnect-JIM
        { Disconnect-JIM } | Should -Not -Throw
    }
}
