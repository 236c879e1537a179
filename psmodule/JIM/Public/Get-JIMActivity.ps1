function Get-JIMActivity {
    <#
    .SYNOPSIS
    Gets Activities: the records of runs of Run Profiles and of other operations.

    .DESCRIPTION
    Without -Id, lists the most recent Activities, newest first, for a look at the execution
    history. With -Id, reads the full record of one Activity, with its status, the object
    counts, the run counters (TotalAdded, TotalUpdated, ...) and any warning or error
    message. -Progress reads the light-weight progress view instead, with its phases.

    .PARAMETER First
    Without -Id, how many of the most recent Activities to list. The default is 20.

    .PARAMETER Id
    The activity ID, a GUID. Alias: ActivityId, so that the output of
    Start-JIMRunProfile -PassThru can be piped in.

    .PARAMETER Progress
    Reads the progress view (status, phases, percent complete) instead of the full record.

    .EXAMPLE
    Get-JIMActivity -First 50 | Where-Object Status -ne 'Complete'

    Lists the runs among the last 50 Activities that did not end Complete.

    .EXAMPLE
    Get-JIMActivity -Id 3f2b8c1e-9a4d-4e57-b6c1-2d8f0a9e7b45

    Reads one Activity in full.

    .EXAMPLE
    Start-JIMRunProfile -RunProfileId 7 -PassThru | Get-JIMActivity -Progress

    .OUTPUTS
    JIM.Activity, or JIM.ActivityProgress with -Progress.

    .LINK
    Start-JIMRunProfile
    #>
    [CmdletBinding(DefaultParameterSetName = 'List', PositionalBinding = $false)]
    [OutputType('JIM.Activity', 'JIM.ActivityProgress')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', Position = 0,
            ValueFromPipelineByPropertyName)]
        [Alias('ActivityId')]
        [guid] $Id,

        [Parameter(ParameterSetName = 'ById')]
        [switch] $Progress,

        [Parameter(ParameterSetName = 'List')]
        [ValidateRange(1, 10000)]
        [int] $First = 20
    )

    process {
        try {
            if ($PSCmdlet.ParameterSetName -eq 'List') {
                Invoke-JIMNative -Operation ActivityList -ArgumentList $First -TargetObject $First `
                    -Description "list the $First most recent Activities" -Shape Activity |
                    ConvertTo-JIMActivity
                return
            }
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
