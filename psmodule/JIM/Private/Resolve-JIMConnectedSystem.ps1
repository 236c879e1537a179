function Resolve-JIMConnectedSystem {
    <#
    .SYNOPSIS
    Finds the one Connected System whose name is exactly the given name.

    .DESCRIPTION
    The comparison ignores case, as PowerShell does, and treats wildcard characters as
    literal text. No match is a JIM.NotFound error; more than one match is
    JIM.AmbiguousConnectedSystemName.
    #>
    [CmdletBinding()]
    [OutputType('JIM.ConnectedSystem')]
    param(
        [Parameter(Mandatory)]
        [string] $Name
    )

    $systems = @(Invoke-JIMNative -Operation ConnectedSystemList -TargetObject $Name `
            -Description 'list every Connected System' -Shape ConnectedSystem)
    $found = @($systems | Where-Object { $_.name -eq $Name })
    if ($found.Count -eq 0) {
        $message = "No Connected System is named '$Name'. " +
            'Run Get-JIMConnectedSystem to see the names.'
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.NotFound' `
                -Category ObjectNotFound -TargetObject $Name -Status 'NotFound')
    }
    if ($found.Count -gt 1) {
        $ids = ($found | ForEach-Object { $_.id }) -join ', '
        $message = "$($found.Count) Connected Systems are named '$Name' (IDs $ids). " +
            'Use -ConnectedSystemId instead.'
        throw (New-JIMErrorRecord -Message $message `
                -ErrorId 'JIM.AmbiguousConnectedSystemName' `
                -Category InvalidArgument -TargetObject $Name -Status 'Ambiguous')
    }
    $found[0]
}

function Get-JIMConnectedSystemIdFromInput {
    <#
    .SYNOPSIS
    Returns the Connected System ID that a piped object stands for.

    .DESCRIPTION
    A Run Profile, or the output of Start-JIMRunProfile -PassThru, stands for the Connected
    System that owns it (its ConnectedSystemId), not for the system whose ID equals its own.
    Any other JIM object but a Connected System is rejected with JIM.InvalidInputObject. An
    object of no JIM type keeps the ID bound from it.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)]
        [object] $InputObject,

        # The ID that PowerShell bound from the object's Id or ConnectedSystemId property.
        [Parameter(Mandatory)]
        [int] $Id
    )

    $jimType = Get-JIMObjectType -InputObject $InputObject
    if (-not $jimType -or $jimType -eq 'ConnectedSystem') {
        return $Id
    }
    $owner = $InputObject.PSObject.Properties['ConnectedSystemId']
    if ($null -ne $owner -and $null -ne $owner.Value) {
        return [int] $owner.Value
    }
    throw (New-JIMInvalidInputRecord -InputObject $InputObject `
            -Expected 'a Connected System or a Run Profile' `
            -Advice 'Pipe objects from Get-JIMConnectedSystem or Get-JIMRunProfile, or give -Id.')
}
