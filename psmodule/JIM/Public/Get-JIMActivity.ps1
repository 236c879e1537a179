function Get-JIMActivity {
    <#
    .SYNOPSIS
    Gets an Activity: the record of one run of a Run Profile or another operation.

    .DESCRIPTION
    Reads the full record of the activity with the given ID, with its status, the object
    counts, the run counters (TotalAdded, TotalUpdated, ...) and any warning or error
    message. -Progress reads the light-weight progress view instead, with its phases.

    .PARAMETER Id
    The activity ID, a GUID. Alias: ActivityId, so that the output of
    Start-JIMRunProfile -PassThru can be piped in.

    .PARAMETER Progress
    Reads the progress view (status, phases, percent complete) instead of the full record.

    .EXAMPLE
    Get-JIMActivity -Id 3f2b8c1e-9a4d-4e57-b6c1-2d8f0a9e7b45

    .EXAMPLE
    Start-JIMRunProfile -RunProfileId 7 -PassThru | Get-JIMActivity -Progress

    .OUTPUTS
    JIM.Activity, or JIM.ActivityProgress with -Progress.

    .LINK
    Start-JIMRunProfile
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('JIM.Activity', 'JIM.ActivityProgress')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('ActivityId')]
        [guid] $Id,

        [switch] $Progress
    )

    process {
        try {
            if ($Progress) {
                Invoke-JIMNative -Operation ActivityProgress -ArgumentList $Id.ToString() `
                    -TargetObject $Id -Description "read the progress of activity $Id" `
                    -Shape ActivityProgress | ConvertTo-JIMActivity
                return
            }
            Invoke-JIMNative -Operation ActivityGet -ArgumentList $Id.ToString() -TargetObject $Id `
                -Description "read activity $Id" -Shape Activity | ConvertTo-JIMActivity
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
