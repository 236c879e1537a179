function Remove-JIMRunProfile {
    <#
    .SYNOPSIS
    Deletes a Run Profile.

    .DESCRIPTION
    Deletes a Run Profile given by ID or as an object from Get-JIMRunProfile. The deletion
    cannot be undone, so PowerShell asks for confirmation unless -Force or -Confirm:$false
    is given. The profile is read first, so that the prompt can name it; nothing is deleted
    unless the operation is confirmed, and -WhatIf never deletes.

    .PARAMETER Id
    The ID of the Run Profile to delete. Accepts pipeline input by property name.

    .PARAMETER InputObject
    A Run Profile object, typically from Get-JIMRunProfile. Accepts pipeline input. A
    Connected System or any other JIM object is rejected.

    .PARAMETER Force
    Deletes without asking for confirmation.

    .PARAMETER PassThru
    Returns the deleted Run Profile, as it was before the deletion.

    .EXAMPLE
    Get-JIMRunProfile -ConnectedSystemId 1 -Name 'Test*' | Remove-JIMRunProfile -Force

    Deletes every Run Profile of system 1 whose name starts with Test, without prompting.

    .EXAMPLE
    $deleted = Remove-JIMRunProfile -Id 42 -Force -PassThru

    .OUTPUTS
    None by default; JIM.RunProfile with -PassThru.

    .LINK
    Get-JIMRunProfile

    .LINK
    New-JIMRunProfile

    .LINK
    Set-JIMRunProfile
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById', PositionalBinding = $false,
        SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $Id,

        [Parameter(Mandatory, ParameterSetName = 'ByInputObject', ValueFromPipeline)]
        [PSCustomObject] $InputObject,

        [switch] $Force,

        [switch] $PassThru
    )

    begin {
        # Only parameters from the command line are bound yet; an Id bound later came from a
        # piped object, which is then checked for what it is.
        $idFromCommandLine = $PSBoundParameters.ContainsKey('Id')
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        try {
            $pipelineItem = if ($idFromCommandLine) { $null } else { $_ }
            $runProfile = Resolve-JIMRunProfileTarget -Cmdlet $PSCmdlet -Id $Id `
                -InputObject $InputObject -PipelineItem $pipelineItem
            $target = Format-JIMRunProfileTarget $runProfile
            $confirmed = Test-JIMShouldProcess -Cmdlet $PSCmdlet -Target $target -Action 'Delete'
            if (-not $confirmed) {
                return
            }
            Invoke-JIMNative -Operation RunProfileDelete `
                -ArgumentList $runProfile.ConnectedSystemId, $runProfile.Id `
                -TargetObject $runProfile -Description "delete $target"
            Write-Verbose "JIM: deleted $target."
            if ($PassThru) {
                $runProfile
            }
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
