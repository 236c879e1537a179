function Get-JIMRunProfile {
    <#
    .SYNOPSIS
    Gets the Run Profiles of a Connected System, or one Run Profile by its ID.

    .DESCRIPTION
    Returns the Run Profiles of the Connected System given by ID (the default, also from the
    pipeline by the property name Id or ConnectedSystemId) or by its exact name, ignoring
    case. A Run Profile piped in, or the output of Start-JIMRunProfile -PassThru, is read
    again as that one Run Profile. -Name
    filters them with wildcards. -RunProfileId finds one Run Profile by its ID alone: the
    module looks up which Connected System owns it.

    Each object carries Id, Name, Type (FullImport, DeltaImport, FullSync, DeltaSync or
    Export), RunType (the server's name for the type), ConnectedSystemId,
    ConnectedSystemName, PartitionId and PartitionName (both empty when the profile follows
    every selected partition), PageSize, FilePath, TargetsDeselectedPartition and
    VerifyImportContentHashes.

    .PARAMETER ConnectedSystemId
    The ID of the Connected System. Alias: Id. Accepts pipeline input by property name.

    Because -Id means the Connected System here, 'Get-JIMRunProfile -Id 42' lists the Run
    Profiles of Connected System 42, and piping that into Set- or Remove-JIMRunProfile
    changes every one of them. To act on the one Run Profile with ID 42, use
    'Get-JIMRunProfile -RunProfileId 42'.

    .PARAMETER ConnectedSystemName
    The name of the Connected System, as an exact match (wildcards are literal here).

    .PARAMETER RunProfileId
    The ID of one Run Profile, in whichever Connected System owns it.

    .PARAMETER Name
    Returns only the Run Profiles whose name matches, with wildcards (such as 'Full*').

    .EXAMPLE
    Get-JIMRunProfile -ConnectedSystemId 1

    Lists every Run Profile of Connected System 1.

    .EXAMPLE
    Get-JIMRunProfile -ConnectedSystemName 'Active Directory' -Name 'Full*'

    Lists the Run Profiles of the system named Active Directory whose names start with Full.

    .EXAMPLE
    Get-JIMConnectedSystem -Name 'HR*' | Get-JIMRunProfile

    Lists the Run Profiles of every system whose name starts with HR.

    .EXAMPLE
    Get-JIMRunProfile -RunProfileId 42 | Set-JIMRunProfile -Name 'Full Import (nightly)'

    Finds Run Profile 42 in whichever system owns it, and renames it.

    .OUTPUTS
    JIM.RunProfile

    .LINK
    New-JIMRunProfile

    .LINK
    Set-JIMRunProfile

    .LINK
    Remove-JIMRunProfile

    .LINK
    Start-JIMRunProfile

    .LINK
    Get-JIMConnectedSystem
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById', PositionalBinding = $false)]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)]
        [Alias('Id')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ConnectedSystemId,

        [Parameter(Mandatory, ParameterSetName = 'ByName')]
        [ValidateNotNullOrEmpty()]
        [string] $ConnectedSystemName,

        [Parameter(Mandatory, ParameterSetName = 'ByRunProfileId')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $RunProfileId,

        [Parameter(ParameterSetName = 'ById')]
        [Parameter(ParameterSetName = 'ByName')]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string] $Name
    )

    begin {
        # Only parameters from the command line are bound yet; a ConnectedSystemId bound later
        # came from a piped object, which is then checked for what it is.
        $idFromCommandLine = $PSBoundParameters.ContainsKey('ConnectedSystemId')
    }

    process {
        try {
            if ($PSCmdlet.ParameterSetName -eq 'ByRunProfileId') {
                Resolve-JIMRunProfile -RunProfileId $RunProfileId
                return
            }
            if ($PSCmdlet.ParameterSetName -eq 'ById' -and -not $idFromCommandLine -and
                $null -ne $_) {
                # A piped Run Profile, or a run of one, stands for that Run Profile.
                $piped = Get-JIMPipedRunProfileReference -InputObject $_
                if ($null -ne $piped) {
                    $found = Resolve-JIMRunProfile -RunProfileId $piped.RunProfileId `
                        -ConnectedSystemId $piped.ConnectedSystemId
                    if (-not $PSBoundParameters.ContainsKey('Name') -or
                        (New-JIMWildcardPattern -Pattern $Name -ParameterName 'Name').IsMatch(
                            $found.Name)) {
                        $found
                    }
                    return
                }
            }

            $systemId = $ConnectedSystemId
            if ($PSCmdlet.ParameterSetName -eq 'ByName') {
                $systemId = (Resolve-JIMConnectedSystem -Name $ConnectedSystemName).Id
            }
            $profiles = @(Invoke-JIMNative -Operation RunProfileList -ArgumentList $systemId `
                    -TargetObject $systemId `
                    -Description "list the Run Profiles of Connected System $systemId" `
                    -Shape RunProfile)
            if ($PSBoundParameters.ContainsKey('Name')) {
                $pattern = New-JIMWildcardPattern -Pattern $Name -ParameterName 'Name'
                $profiles = @($profiles | Where-Object { $pattern.IsMatch($_.name) })
            }
            $profiles
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
