#Requires -Modules Pester
# Parameter metadata of the five Run Profile cmdlets, row by row of their parameter tables:
# type, the sets in which a parameter is mandatory, position, aliases and pipeline input.

BeforeDiscovery {
    # Mandatory lists the parameter sets in which the parameter is mandatory; Sets lists every
    # set that has the parameter when that is not every set of the cmdlet.
    $rows = @(
        @{ Command = 'Get-JIMRunProfile'; Parameter = 'ConnectedSystemId'; Type = [int]
            Mandatory = @('ById'); Alias = @('Id'); ByPropertyName = $true }
        @{ Command = 'Get-JIMRunProfile'; Parameter = 'ConnectedSystemName'; Type = [string]
            Mandatory = @('ByName') }
        @{ Command = 'Get-JIMRunProfile'; Parameter = 'Name'; Type = [string]
            Mandatory = @(); Sets = @('ById', 'ByName'); Wildcards = $true }

        @{ Command = 'New-JIMRunProfile'; Parameter = 'ConnectedSystemId'; Type = [int]
            Mandatory = @('ById') }
        @{ Command = 'New-JIMRunProfile'; Parameter = 'ConnectedSystemName'; Type = [string]
            Mandatory = @('ByName') }
        @{ Command = 'New-JIMRunProfile'; Parameter = 'Name'; Type = [string]
            Mandatory = @('ById', 'ByName'); Position = 0 }
        @{ Command = 'New-JIMRunProfile'; Parameter = 'Type'; Type = [string]
            Mandatory = @('ById', 'ByName') }
        @{ Command = 'New-JIMRunProfile'; Parameter = 'PartitionId'; Type = [int]
            Mandatory = @() }
        @{ Command = 'New-JIMRunProfile'; Parameter = 'PassThru'; Type = [switch]
            Mandatory = @() }

        @{ Command = 'Set-JIMRunProfile'; Parameter = 'Id'; Type = [int]
            Mandatory = @('ById'); ByPropertyName = $true }
        @{ Command = 'Set-JIMRunProfile'; Parameter = 'InputObject'; Type = [psobject]
            Mandatory = @('ByInputObject'); ByValue = $true }
        @{ Command = 'Set-JIMRunProfile'; Parameter = 'Name'; Type = [string]
            Mandatory = @() }
        @{ Command = 'Set-JIMRunProfile'; Parameter = 'PartitionId'; Type = [int]
            Mandatory = @() }
        @{ Command = 'Set-JIMRunProfile'; Parameter = 'PassThru'; Type = [switch]
            Mandatory = @() }

        @{ Command = 'Remove-JIMRunProfile'; Parameter = 'Id'; Type = [int]
            Mandatory = @('ById'); ByPropertyName = $true }
        @{ Command = 'Remove-JIMRunProfile'; Parameter = 'InputObject'; Type = [psobject]
            Mandatory = @('ByInputObject'); ByValue = $true }
        @{ Command = 'Remove-JIMRunProfile'; Parameter = 'Force'; Type = [switch]
            Mandatory = @() }
        @{ Command = 'Remove-JIMRunProfile'; Parameter = 'PassThru'; Type = [switch]
            Mandatory = @() }

        # RunProfileId also takes pipeline input by property name (beyond its table row), so
        # that objects from Get-JIMRunProfile can be piped into Start-JIMRunProfile.
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'RunProfileId'; Type = [int]
            Mandatory = @('ById', 'ByIdAndName'); Alias = @('Id'); ByPropertyName = $true }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'RunProfileName'; Type = [string]
            Mandatory = @('ByName', 'ByNameAndId') }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'ConnectedSystemId'; Type = [int]
            Mandatory = @('ByNameAndId') }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'ConnectedSystemName'; Type = [string]
            Mandatory = @('ByName', 'ByIdAndName') }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'Wait'; Type = [switch]
            Mandatory = @() }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'Timeout'; Type = [int]
            Mandatory = @() }
        @{ Command = 'Start-JIMRunProfile'; Parameter = 'PassThru'; Type = [switch]
            Mandatory = @() }
    )

    # Every row gets every key, so that the tests read the same under Set-StrictMode.
    $defaults = @{ Position = $null; Alias = @(); ByValue = $false; ByPropertyName = $false
        Sets = $null; Wildcards = $false }
    foreach ($row in $rows) {
        foreach ($key in $defaults.Keys) {
            if (-not $row.ContainsKey($key)) {
                $row[$key] = $defaults[$key]
            }
        }
    }

    $commands = @(
        @{ Command = 'Get-JIMRunProfile'; Default = 'ById'
            Sets = @('ById', 'ByName', 'ByRunProfileId'); ShouldProcess = $false }
        @{ Command = 'New-JIMRunProfile'; Default = 'ById'; Sets = @('ById', 'ByName')
            ShouldProcess = $true; Impact = 'Medium' }
        @{ Command = 'Set-JIMRunProfile'; Default = 'ById'; Sets = @('ById', 'ByInputObject')
            ShouldProcess = $true; Impact = 'Medium' }
        @{ Command = 'Remove-JIMRunProfile'; Default = 'ById'; Sets = @('ById', 'ByInputObject')
            ShouldProcess = $true; Impact = 'High' }
        @{ Command = 'Start-JIMRunProfile'; Default = 'ById'
            Sets = @('ById', 'ByName', 'ByIdAndName', 'ByNameAndId'); ShouldProcess = $false }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $ModulePath -Force
}

Describe '<Command> -<Parameter>' -ForEach $rows {
    BeforeAll {
        $metadata = (Get-Command $Command).Parameters[$Parameter]
        $attributes = @($metadata.Attributes |
                Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
    }

    It 'exists' {
        $metadata | Should -Not -BeNullOrEmpty
    }

    It 'has the type of the table' {
        $metadata.ParameterType | Should -Be $Type
    }

    It 'is mandatory in exactly the sets of the table' {
        $allSets = @((Get-Command $Command).ParameterSets.Name)
        $mandatorySets = @($attributes | Where-Object Mandatory | ForEach-Object {
                if ($_.ParameterSetName -eq '__AllParameterSets') { $allSets } else { $_.ParameterSetName }
            } | Sort-Object)
        $expected = @($Mandatory | Sort-Object)
        $mandatorySets | Should -Be $expected
    }

    It 'has the position of the table' {
        $positions = @($attributes | ForEach-Object Position | Sort-Object -Unique)
        $expected = if ($null -ne $Position) { $Position } else { [int]::MinValue }
        $positions | Should -Be @($expected)
    }

    It 'has the aliases of the table' {
        @($metadata.Aliases | Sort-Object) | Should -Be @($Alias | Where-Object { $_ } | Sort-Object)
    }

    It 'takes pipeline input as the table says' {
        @($attributes | Where-Object ValueFromPipeline).Count -gt 0 |
            Should -Be ([bool] $ByValue)
        @($attributes | Where-Object ValueFromPipelineByPropertyName).Count -gt 0 |
            Should -Be ([bool] $ByPropertyName)
    }

}

Describe '<Command> -<Parameter> sets and wildcards' -ForEach @($rows | Where-Object { $null -ne $_['Sets'] }) {
    BeforeAll {
        $metadata = (Get-Command $Command).Parameters[$Parameter]
    }

    It 'belongs to the sets of the table' {
        $attributes = @($metadata.Attributes |
                Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        @($attributes | ForEach-Object ParameterSetName | Sort-Object) |
            Should -Be @($Sets | Sort-Object)
    }

    It 'supports wildcards as the table says' {
        $wildcards = $metadata.Attributes |
            Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }
        [bool] $wildcards | Should -Be ([bool] $Wildcards)
    }
}

Describe '<Command> parameter sets' -ForEach $commands {
    BeforeAll {
        $info = Get-Command $Command
        $binding = $info.ScriptBlock.Attributes |
            Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
    }

    It 'defaults to the set of the specification' {
        $info.DefaultParameterSet | Should -Be $Default
    }

    It 'has the sets of the specification' {
        @($info.ParameterSets.Name | Sort-Object) | Should -Be @($Sets | Sort-Object)
    }

    It 'binds no parameter by position unless the table gives one' {
        $binding.PositionalBinding | Should -BeFalse
    }

    It 'supports ShouldProcess as the specification says' {
        [bool] $binding.SupportsShouldProcess | Should -Be $ShouldProcess
        $info.Parameters.ContainsKey('WhatIf') | Should -Be $ShouldProcess
        $info.Parameters.ContainsKey('Confirm') | Should -Be $ShouldProcess
    }

    It 'has the ConfirmImpact of the specification' {
        # A cmdlet without ShouldProcess never asks for confirmation, whatever its impact.
        if ($ShouldProcess) {
            $binding.ConfirmImpact | Should -Be $Impact
        } else {
            $binding.SupportsShouldProcess | Should -BeFalse
        }
    }
}

Describe 'New-JIMRunProfile -Type' {
    It 'completes the five names of the specification' {
        $line = 'New-JIMRunProfile -ConnectedSystemId 1 -Name x -Type '
        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completions.CompletionMatches.CompletionText) |
            Should -Be @('FullImport', 'DeltaImport', 'FullSync', 'DeltaSync', 'Export')
    }

    It 'completes a prefix' {
        $line = 'New-JIMRunProfile -ConnectedSystemId 1 -Name x -Type Delta'
        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completions.CompletionMatches.CompletionText) | Should -Be @('DeltaImport', 'DeltaSync')
    }

    It 'rejects an unknown type before any request, naming the valid ones' {
        $caught = $null
        try {
            New-JIMRunProfile -ConnectedSystemId 1 -Name x -Type Reimport -ErrorAction Stop
        } catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        $caught.Exception.Message | Should -Match 'FullImport, DeltaImport, FullSync, DeltaSync'
    }
}
