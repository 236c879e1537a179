function Get-JIMObjectType {
    <#
    .SYNOPSIS
    Returns the module type of an object without its prefix (such as 'RunProfile'), or $null
    for an object that did not come from this module.

    .DESCRIPTION
    Objects that went through a remoting or Export-Clixml round trip keep their type as
    'Deserialized.JIM.<name>'; those count as the type they were.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $InputObject)

    if ($null -eq $InputObject) {
        return $null
    }
    foreach ($typeName in $InputObject.PSObject.TypeNames) {
        if ($typeName -match '^(Deserialized\.)?JIM\.(?<name>\w+)$') {
            return $Matches['name']
        }
    }
    $null
}

function New-JIMInvalidInputRecord {
    <#
    .SYNOPSIS
    Builds the JIM.InvalidInputObject error for a piped object of the wrong kind.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [AllowNull()]
        [object] $InputObject,

        # What the cmdlet takes, such as 'a Run Profile'.
        [Parameter(Mandatory)]
        [string] $Expected,

        # What to do instead, such as 'Pipe objects from Get-JIMRunProfile, or give -Id.'
        [Parameter(Mandatory)]
        [string] $Advice
    )

    $type = Get-JIMObjectType -InputObject $InputObject
    $described = if ($type -match '^[AEIOU]') {
        "an $type object"
    } elseif ($type) {
        "a $type object"
    } elseif ($null -eq $InputObject) {
        'null'
    } else {
        "an object of type $($InputObject.GetType().FullName)"
    }
    $message = "Expected $Expected, but the input is $described. $Advice"
    New-JIMErrorRecord -Message $message -ErrorId 'JIM.InvalidInputObject' -Category InvalidType `
        -TargetObject $InputObject -Status 'InvalidInputObject'
}
