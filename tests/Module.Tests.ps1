#Requires -Modules Pester
# The module as a whole: loading, the native declarations against the generated header, and
# the source rules that PSScriptAnalyzer would check.

BeforeDiscovery {
    $sourceRoot = Join-Path (Split-Path -Parent $PSScriptRoot) 'psmodule' 'JIM'
    $publicFiles = @(Get-ChildItem -Path (Join-Path $sourceRoot 'Public') -Filter '*.ps1')
    $allFiles = @(Get-ChildItem -Path $sourceRoot -Filter '*.ps*1' -Recurse)
    $publicCases = foreach ($file in $publicFiles) {
        @{ Name = $file.BaseName; Path = $file.FullName }
    }
    $fileCases = foreach ($file in $allFiles) {
        @{ Name = $file.Name; Path = $file.FullName }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function Get-FunctionAst {
        param([string] $Path)
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile(
            $Path, [ref] $tokens, [ref] $errors)
        $ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.FunctionDefinitionAst]
            }, $true)
    }

    # Invokes a script in a new pwsh process and returns its exit code and output.
    function Invoke-ChildPwsh {
        param([string] $Script)
        $output = & $PwshPath -NoProfile -NonInteractive -Command $Script 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

Describe 'Module loading' {
    It 'imports from the staged folder' {
        Import-Module $ModulePath -Force
        (Get-Module JIM).ExportedFunctions.Keys | Should -Contain 'Start-JIMRunProfile'
    }

    It 'exports exactly the public cmdlets' {
        Import-Module $ModulePath -Force
        $expected = 'Connect-JIM', 'Disconnect-JIM', 'Get-JIMActivity', 'Get-JIMConnectedSystem',
            'Get-JIMRunProfile', 'New-JIMRunProfile', 'Remove-JIMRunProfile',
            'Set-JIMRunProfile', 'Start-JIMRunProfile'
        @((Get-Module JIM).ExportedFunctions.Keys | Sort-Object) |
            Should -Be @($expected | Sort-Object)
    }

    It 'imports twice, with -Force and after Remove-Module' {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Import-Module '$ModulePath'
Import-Module '$ModulePath' -Force
Remove-Module JIM
Import-Module '$ModulePath'
(Get-Command Get-JIMRunProfile).Name
exit 7
"@
        $result = Invoke-ChildPwsh -Script $script
        $result.Output | Should -Match 'Get-JIMRunProfile'
        $result.ExitCode | Should -Be 7
    }

    It 'lets a process that used a connection exit with its own code' {
        $emulator = Start-JIMEmulator -Path $EmulatorPath
        try {
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$null = Connect-JIM -Url '$($emulator.Url)' -ApiKey '$($emulator.ApiKey)'
`$null = Get-JIMRunProfile -ConnectedSystemId 1
exit 5
"@
            $result = Invoke-ChildPwsh -Script $script
            $result.ExitCode | Should -Be 5
        } finally {
            Stop-JIMEmulator $emulator
        }
    }

    It 'names the missing native library at import' {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) "JIM-missing-$([guid]::NewGuid())" 'JIM'
        $null = New-Item -ItemType Directory -Path $copy -Force
        try {
            Get-ChildItem -Path $ModulePath | Where-Object { $_.Name -notmatch 'jim_native' } |
                Copy-Item -Destination $copy -Recurse
            $result = Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'; Import-Module '$copy'; exit 0"
            $result.Output | Should -Match 'native library was not found'
            $result.Output | Should -Match ([regex]::Escape('jim_native'))
            $result.ExitCode | Should -Not -Be 0
        } finally {
            Remove-Item -LiteralPath (Split-Path -Parent $copy) -Recurse -Force
        }
    }
}

Describe 'Cmdlets before Connect-JIM' {
    BeforeAll {
        Import-Module $ModulePath -Force
        Disconnect-JIM
    }

    It '<Command> gives JIM.NotConnected' -TestCases @(
        @{ Command = { Get-JIMConnectedSystem } }
        @{ Command = { Get-JIMRunProfile -ConnectedSystemId 1 } }
        @{ Command = { Get-JIMRunProfile -RunProfileId 1 } }
        @{ Command = { New-JIMRunProfile -ConnectedSystemId 1 -Name 'x' -Type FullImport } }
        @{ Command = { Set-JIMRunProfile -Id 1 -Name 'x' -Confirm:$false } }
        @{ Command = { Remove-JIMRunProfile -Id 1 -Force } }
        @{ Command = { Start-JIMRunProfile -RunProfileId 1 } }
        @{ Command = { Get-JIMActivity -Id ([guid]::NewGuid()) } }
        @{ Command = { Get-JIMActivity } }
    ) {
        $caught = $null
        try {
            & $Command -ErrorAction Stop
        } catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'JIM.NotConnected*'
        $caught.Exception.Message | Should -Match 'Connect-JIM'
        $caught.CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Native declarations' {
    BeforeAll {
        $header = Get-Content -Raw (Join-Path $RepositoryRoot 'crates' 'jim-native' 'include' 'jim.h')
        $source = Get-Content -Raw (Join-Path $RepositoryRoot 'psmodule' 'JIM' 'JIM.Native.cs')

        # C type in the header => the C# types that may declare it.
        $typeMap = @{
            'JimStatus'              = @('JimStatus')
            'void'                   = @('void')
            'const char *'           = @('string', 'byte[]', 'IntPtr')
            'char *'                 = @('IntPtr')
            'char **'                = @('out IntPtr')
            'JimConnection **'       = @('out JimConnectionHandle')
            'JimConnection *'        = @('JimConnectionHandle', 'IntPtr')
            'const JimConnection *'  = @('JimConnectionHandle', 'IntPtr')
            'int32_t'                = @('int')
        }

        $withoutComments = [regex]::Replace($header, '/\*.*?\*/|//[^\n]*', '',
            [System.Text.RegularExpressions.RegexOptions]::Singleline)
        $flat = [regex]::Replace($withoutComments, '\s+', ' ')
        $headerFunctions = @{}
        $functionPattern = '((?:const )?\w+ ?\**) ?\b(jim_\w+) ?\(([^)]*)\) ?;'
        foreach ($match in [regex]::Matches($flat, $functionPattern)) {
            $parameters = @()
            if ($match.Groups[3].Value.Trim() -ne 'void') {
                $parameters = @($match.Groups[3].Value -split ',' | ForEach-Object {
                        $text = $_.Trim() -replace '\s*\*', ' *' -replace '\* \*', '**'
                        # Drop the parameter name; keep the type.
                        ($text -replace '\s*\b\w+$', '').Trim()
                    })
            }
            $headerFunctions[$match.Groups[2].Value] = @{
                Return     = ($match.Groups[1].Value.Trim() -replace '\s*\*', ' *')
                Parameters = $parameters
            }
        }

        $declarations = @{}
        $externPattern = 'static extern (\w+) (jim_\w+)\(([^)]*)\);'
        $withoutAttributes = [regex]::Replace($source, '\[MarshalAs\([^)]*\)\]', '')
        foreach ($match in [regex]::Matches($withoutAttributes, $externPattern)) {
            $parameters = @()
            $list = $match.Groups[3].Value
            if ($list.Trim()) {
                $parameters = @($list -split ',' | ForEach-Object {
                        (($_.Trim() -replace '\s+', ' ') -replace ' \w+$', '').Trim()
                    })
            }
            $declarations[$match.Groups[2].Value] = @{
                Return     = $match.Groups[1].Value
                Parameters = $parameters
            }
        }
    }

    It 'finds the functions in the header' {
        $headerFunctions.Count | Should -BeGreaterThan 10
    }

    It 'declares every function of the header, and no other' {
        @($declarations.Keys | Sort-Object) | Should -Be @($headerFunctions.Keys | Sort-Object)
    }

    It 'matches the header for each function' {
        $mismatches = foreach ($name in $headerFunctions.Keys) {
            $c = $headerFunctions[$name]
            $cs = $declarations[$name]
            if ($null -eq $cs) {
                continue
            }
            if ($typeMap[$c.Return] -notcontains $cs.Return) {
                "${name}: returns $($c.Return) in the header but $($cs.Return) in C#"
            }
            if ($c.Parameters.Count -ne $cs.Parameters.Count) {
                "${name}: $($c.Parameters.Count) parameters in the header, " +
                    "$($cs.Parameters.Count) in C#"
                continue
            }
            for ($i = 0; $i -lt $c.Parameters.Count; $i++) {
                $allowed = $typeMap[$c.Parameters[$i]]
                if ($null -eq $allowed -or $allowed -notcontains $cs.Parameters[$i]) {
                    "${name}: parameter $i is '$($c.Parameters[$i])' in the header but " +
                        "'$($cs.Parameters[$i])' in C#"
                }
            }
        }
        $mismatches | Should -BeNullOrEmpty
    }

    It 'numbers the status values as the header does' {
        $headerValues = @{}
        foreach ($match in [regex]::Matches($header, 'JIM_STATUS_(\w+) = (\d+)')) {
            $pascal = -join ($match.Groups[1].Value.ToLowerInvariant() -split '_' |
                    ForEach-Object { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) })
            $headerValues[$pascal] = [int] $match.Groups[2].Value
        }
        $headerValues.Count | Should -BeGreaterThan 5
        Import-Module $ModulePath -Force
        foreach ($name in $headerValues.Keys) {
            [int] [JIM.Native.JimStatus]::$name | Should -Be $headerValues[$name] -Because $name
        }
        [enum]::GetNames([JIM.Native.JimStatus]).Count | Should -Be $headerValues.Count
    }
}

Describe 'Source rules' {
    It '<Name> uses an approved verb' -TestCases $publicCases {
        $verb = ($Name -split '-')[0]
        (Get-Verb).Verb | Should -Contain $verb
    }

    It '<Name> has a synopsis, every parameter and two examples in its help' -TestCases $publicCases {
        $function = Get-FunctionAst -Path $Path | Select-Object -First 1
        $help = $function.GetHelpContent()
        $help | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Examples.Count | Should -BeGreaterOrEqual 2
        $parameters = @($function.Body.ParamBlock.Parameters | ForEach-Object {
                $_.Name.VariablePath.UserPath
            })
        foreach ($parameter in $parameters) {
            $help.Parameters.Keys | Should -Contain $parameter.ToUpperInvariant() `
                -Because "-$parameter needs a .PARAMETER entry"
        }
    }

    It '<Name> declares CmdletBinding and OutputType' -TestCases $publicCases {
        $function = Get-FunctionAst -Path $Path | Select-Object -First 1
        $attributes = @($function.Body.ParamBlock.Attributes.TypeName.Name)
        $attributes | Should -Contain 'CmdletBinding'
        $attributes | Should -Contain 'OutputType'
    }

    It '<Name> uses neither Write-Host nor $args' -TestCases $fileCases {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile(
            $Path, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $writeHost = $ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.CommandAst] -and
                $node.GetCommandName() -eq 'Write-Host'
            }, $true)
        @($writeHost).Count | Should -Be 0
        $argsUse = $ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.VariableExpressionAst] -and
                $node.VariablePath.UserPath -eq 'args'
            }, $true)
        @($argsUse).Count | Should -Be 0
    }

    It '<Name> keeps lines within 100 columns' -TestCases $fileCases {
        $long = @(Get-Content -LiteralPath $Path | Where-Object { $_.Length -gt 100 })
        $long | Should -BeNullOrEmpty
    }
}
