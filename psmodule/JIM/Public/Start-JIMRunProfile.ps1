function Start-JIMRunProfile {
    <#
    .SYNOPSIS
    Starts a Run Profile, and with -Wait waits for the run to finish.

    .DESCRIPTION
    Queues the Run Profile for execution on the JIM worker service and returns as soon as the
    server has accepted it. The profile is given by ID (the module finds the Connected
    System that owns it), or by name or ID together with its Connected System.

    A profile that is already running, or that targets a partition that is no longer
    selected, is rejected by the server; the error shows the server's own message.

    With -Wait, the cmdlet polls the run's activity every 2 seconds and shows a progress bar
    until the run ends. The final status decides the outcome: Complete succeeds;
    CompleteWithWarning writes a warning; CompleteWithError, FailedWithError, Cancelled and
    any status this module does not know write an error that names the activity ID. A
    rejected credential while polling is retried up to 3 times, and failed connections or
    server errors for up to 120 seconds, before the cmdlet fails. Pressing Ctrl+C stops the
    waiting, not the run, and names the activity to follow up.

    Status messages go to the information stream and are shown by default; silence them
    with -InformationAction SilentlyContinue, or capture them with -InformationVariable.

    .PARAMETER RunProfileId
    The ID of the Run Profile to start. Alias: Id. Accepts pipeline input by property name,
    so that objects from Get-JIMRunProfile can be piped in.

    .PARAMETER RunProfileName
    The name of the Run Profile to start, as an exact match.

    .PARAMETER ConnectedSystemId
    The ID of the Connected System that owns the Run Profile.

    .PARAMETER ConnectedSystemName
    The name of the Connected System that owns the Run Profile, as an exact match.

    .PARAMETER Wait
    Waits until the run ends, showing its progress. Polls every 2 seconds.

    .PARAMETER Timeout
    With -Wait, the maximum time to wait, in seconds. When it passes, the cmdlet throws a
    terminating error (JIM.RunTimedOut) that names the activity ID; the run goes on.
    Without -Timeout, -Wait waits until the run ends. The time is checked between polls, so
    a poll that waits for the server (a slow answer, a Retry-After of up to 60 seconds, an
    unreachable server being retried) can take the wait past it.

    .PARAMETER PassThru
    Returns the server's response: ActivityId and TaskId, with the finished activity in the
    Activity property when -Wait was given.

    .EXAMPLE
    Start-JIMRunProfile -ConnectedSystemName 'Active Directory' -RunProfileName 'Full Import'

    .EXAMPLE
    $result = Start-JIMRunProfile -RunProfileId 42 -PassThru
    Get-JIMActivity -Id $result.ActivityId

    .EXAMPLE
    Get-JIMRunProfile -ConnectedSystemId 1 |
        Where-Object Type -eq FullImport |
        Start-JIMRunProfile -Wait

    .EXAMPLE
    try {
        Start-JIMRunProfile -RunProfileId 42 -Wait -Timeout 600 -PassThru -ErrorAction Stop
    } catch {
        Write-Error "Run Profile execution failed or timed out: $_"
    }

    .OUTPUTS
    None by default; JIM.RunProfileExecution with -PassThru.

    .LINK
    Get-JIMActivity

    .LINK
    Get-JIMRunProfile

    .LINK
    Get-JIMConnectedSystem
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById', PositionalBinding = $false)]
    [OutputType('JIM.RunProfileExecution')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)]
        [Parameter(Mandatory, ParameterSetName = 'ByIdAndName', ValueFromPipelineByPropertyName)]
        [Alias('Id')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $RunProfileId,

        [Parameter(Mandatory, ParameterSetName = 'ByName')]
        [Parameter(Mandatory, ParameterSetName = 'ByNameAndId')]
        [ValidateNotNullOrEmpty()]
        [string] $RunProfileName,

        [Parameter(Mandatory, ParameterSetName = 'ByNameAndId')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ConnectedSystemId,

        [Parameter(Mandatory, ParameterSetName = 'ByName')]
        [Parameter(Mandatory, ParameterSetName = 'ByIdAndName')]
        [ValidateNotNullOrEmpty()]
        [string] $ConnectedSystemName,

        [switch] $Wait,

        [ValidateRange(1, [int]::MaxValue)]
        [int] $Timeout,

        [switch] $PassThru
    )

    begin {
        # Only parameters from the command line are bound yet; a RunProfileId bound later
        # came from a piped object, which is then checked for what it is.
        $idFromCommandLine = $PSBoundParameters.ContainsKey('RunProfileId')
        if ($PSBoundParameters.ContainsKey('Timeout') -and -not $Wait) {
            Write-Warning '-Timeout has no effect without -Wait.'
        }
    }

    process {
        $pipelineItem = if ($idFromCommandLine) { $null } else { $_ }
        try {
            $runProfile = Resolve-JIMRunProfileToStart -Cmdlet $PSCmdlet `
                -PipelineItem $pipelineItem -RunProfileId $RunProfileId `
                -RunProfileName $RunProfileName `
                -ConnectedSystemId $ConnectedSystemId -ConnectedSystemName $ConnectedSystemName
            $target = Format-JIMRunProfileTarget $runProfile

            $started = Invoke-JIMNative -Operation RunProfileStart `
                -ArgumentList $runProfile.ConnectedSystemId, $runProfile.Id `
                -TargetObject $runProfile -Description "start $target"
            $activityId = ConvertTo-JIMActivityId $started.activityId
            Write-JIMStatus -Cmdlet $PSCmdlet -Message (
                "Started $target. Activity ID: $activityId. Task ID: $($started.taskId).")
            foreach ($warning in @($started.warnings)) {
                if ($warning) {
                    Write-Warning "JIM: $warning"
                }
            }

            $execution = [pscustomobject]@{
                PSTypeName          = 'JIM.RunProfileExecution'
                ActivityId          = $activityId
                TaskId              = [string] $started.taskId
                Message             = $started.message
                Warnings            = @($started.warnings | Where-Object { $_ })
                RunProfileId        = $runProfile.Id
                RunProfileName      = $runProfile.Name
                ConnectedSystemId   = $runProfile.ConnectedSystemId
                ConnectedSystemName = $runProfile.ConnectedSystemName
                Status              = $null
                Activity            = $null
            }

            if ($Wait) {
                $waitParameters = @{
                    Cmdlet     = $PSCmdlet
                    ActivityId = $activityId
                    Target     = $target
                }
                if ($PSBoundParameters.ContainsKey('Timeout')) {
                    $waitParameters.TimeoutSeconds = $Timeout
                }
                $activity = Wait-JIMActivity @waitParameters
                $execution.Status = $activity.Status
                $execution.Activity = $activity
            }
            if ($PassThru) {
                $execution
            }
            if ($Wait) {
                Assert-JIMRunSucceeded -Cmdlet $PSCmdlet -Activity $execution.Activity `
                    -Target $target
            }
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
