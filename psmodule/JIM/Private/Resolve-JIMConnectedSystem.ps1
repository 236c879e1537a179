function Resolve-JIMConnectedSystem {
    <#
    .SYNOPSIS
    Finds the one Connected System whose name is exactly the given name.

    .DESCRIPTION
    The comparison ignores case, as PowerShell does, and treats wildcard characters as
    literal text. No match is a JIM.ConnectedSystemNotFound error; more than one match is
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
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.ConnectedSystemNotFound' `
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
