function Resolve-JIMRunProfile {
    <#
    .SYNOPSIS
    Finds one Run Profile by its ID, or by its name within a Connected System.

    .DESCRIPTION
    With -RunProfileId alone, the native library finds the Connected System that owns the
    profile. With a Connected System, that system's list is read and the profile picked from
    it, so that an ID of another system's profile is not found there.
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById')]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById')]
        [int] $RunProfileId,

        [Parameter(Mandatory, ParameterSetName = 'ByName')]
        [string] $RunProfileName,

        [Nullable[int]] $ConnectedSystemId,

        [string] $ConnectedSystemName
    )

    $systemId = $ConnectedSystemId
    if ($ConnectedSystemName) {
        $systemId = (Resolve-JIMConnectedSystem -Name $ConnectedSystemName).Id
    }

    if ($null -eq $systemId) {
        if ($PSCmdlet.ParameterSetName -ne 'ById') {
            throw 'Resolve-JIMRunProfile needs a Connected System to find a profile by name.'
        }
        Write-Verbose ("JIM: find the Connected System that owns Run Profile $RunProfileId; " +
            'unless it is remembered, this reads the Run Profile list of each system in turn.')
        return Invoke-JIMNative -Operation RunProfileFind -ArgumentList $RunProfileId `
            -TargetObject $RunProfileId -Description "find Run Profile $RunProfileId" `
            -Shape RunProfile
    }

    $profiles = @(Invoke-JIMNative -Operation RunProfileList -ArgumentList $systemId `
            -TargetObject $systemId `
            -Description "list the Run Profiles of Connected System $systemId" -Shape RunProfile)
    if ($PSCmdlet.ParameterSetName -eq 'ById') {
        $found = @($profiles | Where-Object { $_.id -eq $RunProfileId })
        if ($found.Count -eq 0) {
            $message = "Connected System $systemId has no Run Profile with ID $RunProfileId."
            throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.NotFound' `
                    -Category ObjectNotFound -TargetObject $RunProfileId -Status 'NotFound')
        }
        return $found[0]
    }

    $found = @($profiles | Where-Object { $_.name -eq $RunProfileName })
    if ($found.Count -eq 0) {
        $message = "Connected System $systemId has no Run Profile named '$RunProfileName'."
        if ($profiles.Count -gt 0) {
            $shown = 10
            $quoted = $profiles | Select-Object -First $shown | ForEach-Object { "'$($_.Name)'" }
            $names = $quoted -join ', '
            $message += " Its Run Profiles are: $names"
            if ($profiles.Count -gt $shown) {
                $message += " and $($profiles.Count - $shown) more"
            }
            $message += '. Run Get-JIMRunProfile -ConnectedSystemId ' + $systemId +
                ' to see them all.'
        }
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.NotFound' `
                -Category ObjectNotFound -TargetObject $RunProfileName -Status 'NotFound')
    }
    if ($found.Count -gt 1) {
        $ids = ($found | ForEach-Object { $_.id }) -join ', '
        $message = "Connected System $systemId has $($found.Count) Run Profiles named " +
            "'$RunProfileName' (IDs $ids). Use -RunProfileId instead."
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.AmbiguousRunProfileName' `
                -Category InvalidArgument -TargetObject $RunProfileName -Status 'Ambiguous')
    }
    $found[0]
}

function Get-JIMRunProfileReference {
    <#
    .SYNOPSIS
    Reads the Run Profile ID, and the owning system when known, from a piped object.

    .DESCRIPTION
    A JIM.RunProfile object gives both its ID and its Connected System. An integer, or an
    object of no JIM type with an Id property, gives an ID whose owner is looked up. Any
    other JIM object (a Connected System, an Activity) is rejected with
    JIM.InvalidInputObject, so that its ID is never read as a Run Profile's.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [object] $InputObject
    )

    $jimType = Get-JIMObjectType -InputObject $InputObject
    if ($jimType -eq 'RunProfile') {
        return @{
            RunProfileId      = [int] $InputObject.Id
            ConnectedSystemId = $InputObject.ConnectedSystemId -as [int]
            RunProfile        = $InputObject
        }
    }
    if (-not $jimType) {
        $id = $null
        $base = $InputObject
        if ($base -is [psobject]) {
            $base = $base.PSObject.BaseObject
        }
        if ($base -is [int] -or $base -is [long] -or $base -is [short]) {
            $id = [int] $base
        } elseif ($null -ne $InputObject -and $InputObject.PSObject.Properties['Id']) {
            $id = $InputObject.Id -as [int]
        }
        if ($null -ne $id) {
            $systemId = $null
            if ($InputObject.PSObject.Properties['ConnectedSystemId']) {
                $systemId = $InputObject.ConnectedSystemId -as [int]
            }
            return @{ RunProfileId = $id; ConnectedSystemId = $systemId; RunProfile = $null }
        }
    }

    throw (New-JIMInvalidInputRecord -InputObject $InputObject -Expected 'a Run Profile' `
            -Advice 'Pipe objects from Get-JIMRunProfile, or give -Id.')
}

function Resolve-JIMRunProfileTarget {
    <#
    .SYNOPSIS
    Returns the Run Profile that Set- or Remove-JIMRunProfile acts on, read from the server.

    .DESCRIPTION
    Reads the profile given by -Id, or by the piped -InputObject, fresh from the server, so
    that the confirmation prompt and -PassThru show it as it is now.
    #>
    [CmdletBinding()]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [int] $Id,

        [AllowNull()]
        [object] $InputObject,

        # The piped object when -Id was bound from it by property name, else $null.
        [AllowNull()]
        [object] $PipelineItem
    )

    if ($Cmdlet.ParameterSetName -eq 'ByInputObject') {
        $reference = Get-JIMRunProfileReference -InputObject $InputObject
    } elseif ($null -ne $PipelineItem) {
        $reference = Get-JIMRunProfileReference -InputObject $PipelineItem
    } else {
        $reference = @{ RunProfileId = $Id; ConnectedSystemId = $null }
    }
    $lookup = @{ RunProfileId = $reference.RunProfileId }
    if ($null -ne $reference.ConnectedSystemId) {
        $lookup.ConnectedSystemId = $reference.ConnectedSystemId
    }
    Resolve-JIMRunProfile @lookup
}

function Format-JIMRunProfileTarget {
    <#
    .SYNOPSIS
    Describes a Run Profile for prompts and messages: its ID, name and Connected System.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $RunProfile)

    $system = if ($RunProfile.ConnectedSystemName) {
        "'$($RunProfile.ConnectedSystemName)'"
    } else {
        $RunProfile.ConnectedSystemId
    }
    "Run Profile $($RunProfile.Id) '$($RunProfile.Name)' of Connected System $system"
}

function Resolve-JIMRunProfileToStart {
    <#
    .SYNOPSIS
    Returns the Run Profile that Start-JIMRunProfile starts, from any of its parameter sets.

    .DESCRIPTION
    A Run Profile object piped in (-PipelineItem, given only when the ID came from the
    pipeline) is used as it is, without another request. A piped object
    of another JIM type, such as a Connected System, is rejected rather than read as a Run
    Profile's ID.
    #>
    [CmdletBinding()]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [AllowNull()]
        [object] $PipelineItem,

        [int] $RunProfileId,

        [string] $RunProfileName,

        [int] $ConnectedSystemId,

        [string] $ConnectedSystemName
    )

    switch ($Cmdlet.ParameterSetName) {
        'ByName' {
            return Resolve-JIMRunProfile -RunProfileName $RunProfileName `
                -ConnectedSystemName $ConnectedSystemName
        }
        'ByNameAndId' {
            return Resolve-JIMRunProfile -RunProfileName $RunProfileName `
                -ConnectedSystemId $ConnectedSystemId
        }
        'ByIdAndName' {
            return Resolve-JIMRunProfile -RunProfileId $RunProfileId `
                -ConnectedSystemName $ConnectedSystemName
        }
    }

    if ($null -ne $PipelineItem) {
        $reference = Get-JIMRunProfileReference -InputObject $PipelineItem
        if ($null -ne $reference.RunProfile -and $reference.RunProfileId -eq $RunProfileId) {
            return $reference.RunProfile
        }
    }
    Resolve-JIMRunProfile -RunProfileId $RunProfileId
}

function Get-JIMPipedRunProfileReference {
    <#
    .SYNOPSIS
    Returns the Run Profile that a piped JIM object stands for, or $null for a Connected
    System or an object of no JIM type.

    .DESCRIPTION
    A Run Profile stands for itself, and the output of Start-JIMRunProfile -PassThru for the
    Run Profile that was started. Any other JIM object is rejected with
    JIM.InvalidInputObject.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([Parameter(Mandatory)] [object] $InputObject)

    $jimType = Get-JIMObjectType -InputObject $InputObject
    if ($null -eq $jimType -or $jimType -eq 'ConnectedSystem') {
        return $null
    }
    switch ($jimType) {
        'RunProfile' {
            return @{
                RunProfileId      = [int] $InputObject.Id
                ConnectedSystemId = [int] $InputObject.ConnectedSystemId
            }
        }
        'RunProfileExecution' {
            return @{
                RunProfileId      = [int] $InputObject.RunProfileId
                ConnectedSystemId = [int] $InputObject.ConnectedSystemId
            }
        }
    }
    throw (New-JIMInvalidInputRecord -InputObject $InputObject `
            -Expected 'a Connected System or a Run Profile' `
            -Advice 'Pipe objects from Get-JIMConnectedSystem or Get-JIMRunProfile.')
}
