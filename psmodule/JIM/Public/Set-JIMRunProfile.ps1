function Set-JIMRunProfile {
    <#
    .SYNOPSIS
    Changes the name or the partition of a Run Profile.

    .DESCRIPTION
    Changes a Run Profile given by ID or as an object from Get-JIMRunProfile. Only the
    properties given are changed; the type of a Run Profile cannot change. The module finds
    the Connected System that owns a profile given by ID alone. Supports -WhatIf and
    -Confirm: the profile is read first, so that the prompt can name it, but no change is
    sent unless the operation is confirmed.

    .PARAMETER Id
    The ID of the Run Profile to change. Accepts pipeline input by property name.

    .PARAMETER InputObject
    A Run Profile object, typically from Get-JIMRunProfile. Accepts pipeline input. A
    Connected System or any other JIM object is rejected.

    .PARAMETER Name
    The new display name, 1 to 200 characters.

    .PARAMETER PartitionId
    The ID of the partition to scope the Run Profile to.

    .PARAMETER PassThru
    Returns the updated Run Profile.

    .EXAMPLE
    Set-JIMRunProfile -Id 7 -Name 'Full Import (nightly)'

    .EXAMPLE
    Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import' |
        Set-JIMRunProfile -PartitionId 3 -PassThru

    Scopes the Full Import profile of system 1 to partition 3 and shows the result.

    .OUTPUTS
    None by default; JIM.RunProfile with -PassThru.

    .LINK
    Get-JIMRunProfile

    .LINK
    New-JIMRunProfile

    .LINK
    Remove-JIMRunProfile
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById', PositionalBinding = $false,
        SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $Id,

        [Parameter(Mandatory, ParameterSetName = 'ByInputObject', ValueFromPipeline)]
        [PSCustomObject] $InputObject,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter()]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $PartitionId,

        [switch] $PassThru
    )

    begin {
        # Only parameters from the command line are bound yet; an Id bound later came from a
        # piped object, which is then checked for what it is.
        $idFromCommandLine = $PSBoundParameters.ContainsKey('Id')
    }

    process {
        try {
            $pipelineItem = if ($idFromCommandLine) { $null } else { $_ }
            $runProfile = Resolve-JIMRunProfileTarget -Cmdlet $PSCmdlet -Id $Id `
                -InputObject $InputObject -PipelineItem $pipelineItem
            $request = [ordered]@{}
            $changes = @()
            if ($PSBoundParameters.ContainsKey('Name')) {
                $request.name = $Name
                $changes += "name to '$Name'"
            }
            if ($PSBoundParameters.ContainsKey('PartitionId')) {
                $request.partitionId = $PartitionId
                $changes += "partition to $PartitionId"
            }
            if ($changes.Count -eq 0) {
                $message = 'Nothing to change: give -Name, -PartitionId or both.'
                throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.NothingToChange' `
                        -Category InvalidArgument -TargetObject $runProfile `
                        -Status 'InvalidArgument')
            }

            $target = Format-JIMRunProfileTarget $runProfile
            $action = "Set $($changes -join ' and ')"
            if (-not (Test-JIMShouldProcess -Cmdlet $PSCmdlet -Target $target -Action $action)) {
                return
            }
            $updated = Invoke-JIMNative -Operation RunProfileUpdate `
                -ArgumentList $runProfile.ConnectedSystemId, $runProfile.Id,
                    ($request | ConvertTo-Json -Compress) `
                -TargetObject $runProfile -Description "update $target" -Shape RunProfile
            if ($PassThru) {
                $updated
            }
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
