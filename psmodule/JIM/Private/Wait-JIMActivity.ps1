# Run statuses after which an activity does not change again.
$script:JIMFinalRunStatuses = 'Complete', 'CompleteWithWarning', 'CompleteWithError',
    'FailedWithError', 'Cancelled'

# Statuses of a run that is still going.
$script:JIMPendingRunStatuses = 'NotSet', 'InProgress'

# Seconds between two polls of a running activity.
$script:JIMPollIntervalSeconds = 2

# Polls in a row that may be rejected for their credential before the waiting fails.
$script:JIMMaxUnauthorisedPolls = 3

# Seconds that polls may go on failing for a failed connection or a server error (a server
# restart, say) before the waiting fails. -Timeout, when shorter, ends the waiting first.
$script:JIMMaxFailingSeconds = 120

function Wait-JIMActivity {
    <#
    .SYNOPSIS
    Polls a run's activity every 2 seconds until it ends, and returns the finished activity.

    .DESCRIPTION
    Shows a progress bar fed by each poll. Throws JIM.RunTimedOut when -TimeoutSeconds pass
    first. Throws JIM.WaitFailed when polls are rejected for their credential more than 3
    times in a row, or fail for a connection or server error for more than 120 seconds.
    When the pipeline is stopped (Ctrl+C), it tells the host that the run goes on and names
    the activity.
    #>
    [CmdletBinding()]
    [OutputType('JIM.Activity')]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [object] $ActivityId,

        [Parameter(Mandatory)]
        [string] $Target,

        [Nullable[int]] $TimeoutSeconds
    )

    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $progressId = Get-Random -Minimum 1000 -Maximum ([int]::MaxValue)
    $progressActivity = "Running $Target"
    $unauthorisedPolls = 0
    $failingSince = $null
    $settled = $false
    $lastPhase = $null
    try {
        while ($true) {
            $progress = $null
            try {
                $progress = Invoke-JIMNative -Operation ActivityProgress `
                    -ArgumentList ([string] $ActivityId) -TargetObject $ActivityId `
                    -Description "read the progress of activity $ActivityId"
                $unauthorisedPolls = 0
                $failingSince = $null
            } catch {
                $failure = Get-JIMPollFailure -ErrorRecord $_
                if ($failure -eq 'Unauthorised') {
                    $unauthorisedPolls++
                } elseif ($failure -eq 'Transient') {
                    $failingSince ??= $stopwatch.Elapsed.TotalSeconds
                } else {
                    $settled = $true
                    throw
                }
                $failingSeconds = 0
                if ($null -ne $failingSince) {
                    $failingSeconds = $stopwatch.Elapsed.TotalSeconds - $failingSince
                }
                if ($unauthorisedPolls -gt $script:JIMMaxUnauthorisedPolls -or
                    $failingSeconds -gt $script:JIMMaxFailingSeconds) {
                    $settled = $true
                    $message = "Stopped waiting for activity $ActivityId of $Target, because " +
                        "polling failed: $($_.Exception.Message) The run may still be going " +
                        "on the server; check it with Get-JIMActivity -Id $ActivityId."
                    throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.WaitFailed' `
                            -Category ConnectionError -TargetObject $ActivityId `
                            -Status $_.Exception.Status -HttpStatus $_.Exception.HttpStatus `
                            -ActivityId ([string] $ActivityId))
                }
                Write-Warning ("JIM: polling activity $ActivityId failed, retrying: " +
                    $_.Exception.Message)
            }

            if ($null -ne $progress) {
                $status = [string] $progress.status
                $statusText = Format-JIMProgressStatus $progress
                Write-Progress -Id $progressId -Activity $progressActivity -Status $statusText `
                    -PercentComplete (Get-JIMPercentComplete $progress)
                # A line per phase, so that a runbook's transcript shows how the run went.
                $phase = "$status $($progress.PSObject.Properties['currentPhase']?.Value)"
                if ($phase -ne $lastPhase) {
                    Write-JIMStatus -Cmdlet $Cmdlet -Message "Activity ${ActivityId}: $statusText"
                    $lastPhase = $phase
                }
                if ($script:JIMPendingRunStatuses -notcontains $status) {
                    break
                }
            }

            $elapsed = $stopwatch.Elapsed.TotalSeconds
            if ($null -ne $TimeoutSeconds -and $elapsed -ge $TimeoutSeconds) {
                $settled = $true
                $unit = if ($TimeoutSeconds -eq 1) { 'second' } else { 'seconds' }
                $message = "Timed out after $TimeoutSeconds $unit waiting for $Target " +
                    "(activity $ActivityId). The run continues on the server; check it with " +
                    "Get-JIMActivity -Id $ActivityId."
                throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.RunTimedOut' `
                        -Category OperationTimeout -TargetObject $ActivityId `
                        -Status 'RunTimedOut' -ActivityId ([string] $ActivityId))
            }
            $pause = $script:JIMPollIntervalSeconds
            if ($null -ne $TimeoutSeconds) {
                $pause = [math]::Min($pause, $TimeoutSeconds - $elapsed)
            }
            Start-Sleep -Milliseconds ([int] [math]::Max(1, $pause * 1000))
        }

        $activity = Invoke-JIMNative -Operation ActivityGet -ArgumentList ([string] $ActivityId) `
            -TargetObject $ActivityId -Description "read activity $ActivityId" -Shape Activity |
            ConvertTo-JIMActivity
        $settled = $true
        $activity
    } finally {
        Write-Progress -Id $progressId -Activity $progressActivity -Completed
        if (-not $settled) {
            # The pipeline is stopping (Ctrl+C): the usual streams no longer accept writes,
            # but the host does.
            $message = "Stopped waiting for $Target. The run continues on the server; " +
                "check it with Get-JIMActivity -Id $ActivityId."
            try {
                $Host.UI.WriteWarningLine($message)
            } catch {
                [Console]::Error.WriteLine("WARNING: $message")
            }
        }
    }
}

function Get-JIMPollFailure {
    <#
    .SYNOPSIS
    Sorts a failed poll: 'Unauthorised', 'Transient' (worth another poll) or 'Fatal'.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    $status = $null
    if ($ErrorRecord.Exception -is [JIM.Native.JimException]) {
        $status = $ErrorRecord.Exception.Status
    }
    switch ($status) {
        'Unauthorised' { return 'Unauthorised' }
        { $_ -in 'ConnectionFailed', 'ServerError', 'TimedOut', 'RateLimited',
            'InvalidResponse' } { return 'Transient' }
        default { return 'Fatal' }
    }
}

function Format-JIMProgressStatus {
    <#
    .SYNOPSIS
    Describes one progress poll for the progress bar: status, phase and object counts.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Progress)

    $parts = @([string] $Progress.status)
    $phase = $Progress.PSObject.Properties['currentPhase']
    if ($phase -and $phase.Value) {
        $phaseText = [string] $phase.Value
        $number = $Progress.PSObject.Properties['currentPhaseNumber']
        if ($number -and $number.Value -and $Progress.totalPhases) {
            $phaseText += " (phase $($number.Value) of $($Progress.totalPhases))"
        }
        $parts += $phaseText
    }
    if ($Progress.objectsToProcess -gt 0) {
        $parts += "$($Progress.objectsProcessed) of $($Progress.objectsToProcess) objects"
    } elseif ($Progress.objectsProcessed -gt 0) {
        $parts += "$($Progress.objectsProcessed) objects"
    }
    $parts -join ': '
}

function Get-JIMPercentComplete {
    <#
    .SYNOPSIS
    Returns the run's completion from 0 to 100, or -1 when it is not known yet.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param([Parameter(Mandatory)] [object] $Progress)

    $percent = $Progress.PSObject.Properties['percentComplete']
    if ($percent -and $null -ne $percent.Value) {
        return [int] [math]::Clamp([double] $percent.Value, 0, 100)
    }
    # The server may count more objects processed than it expected, or expect none yet.
    if ($Progress.objectsToProcess -gt 0) {
        $ratio = 100.0 * $Progress.objectsProcessed / $Progress.objectsToProcess
        return [int] [math]::Clamp($ratio, 0, 100)
    }
    -1
}

function Assert-JIMRunSucceeded {
    <#
    .SYNOPSIS
    Turns the final status of a run into the cmdlet's outcome.

    .DESCRIPTION
    Complete writes a status message. CompleteWithWarning writes a warning. Every other
    status, including one this module does not know, throws an error record that names the
    activity ID: a status is never taken for success unless it is Complete or
    CompleteWithWarning.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [object] $Activity,

        [Parameter(Mandatory)]
        [string] $Target
    )

    $status = [string] $Activity.Status
    $id = $Activity.Id
    $summary = "$Target ended $status (activity $id)"
    $detail = @($Activity.ErrorMessage, $Activity.WarningMessage, $Activity.Message) |
        Where-Object { $_ } | Select-Object -First 1

    switch ($status) {
        'Complete' {
            Write-JIMStatus -Cmdlet $Cmdlet -Message "$summary."
            return
        }
        'CompleteWithWarning' {
            $text = "$summary."
            if ($Activity.WarningMessage) {
                $text += " $($Activity.WarningMessage)"
            }
            Write-Warning "JIM: $text"
            return
        }
    }

    $errorId, $category = switch ($status) {
        'CompleteWithError' { 'JIM.RunCompletedWithError', 'InvalidResult' }
        'FailedWithError' { 'JIM.RunFailed', 'InvalidResult' }
        'Cancelled' { 'JIM.RunCancelled', 'OperationStopped' }
        default { 'JIM.UnknownRunStatus', 'InvalidResult' }
    }
    $message = "$summary."
    if ($errorId -eq 'JIM.UnknownRunStatus') {
        $message = "$Target ended with status '$status' (activity $id), which this module " +
            'does not know, so it is not taken for success.'
    }
    if ($detail) {
        $detail = ([string] $detail).TrimEnd()
        if ($detail -notmatch '[.!?]$') {
            $detail += '.'
        }
        $message += " $detail"
    }
    $message += " See Get-JIMActivity -Id $id."
    throw (New-JIMErrorRecord -Message $message -ErrorId $errorId -Category $category `
            -TargetObject $Activity -Status $status -ActivityId ([string] $id))
}
