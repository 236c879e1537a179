function Write-JIMError {
    <#
    .SYNOPSIS
    Reports a caught error for the current pipeline item, or stops when nothing can go on.

    .DESCRIPTION
    An error about one item is written as a non-terminating error, so that the rest of the
    pipeline goes on (and -ErrorAction Stop stops at it). A missing connection, a rejected
    credential and a failure of the native library itself end the cmdlet, because every
    further item would fail the same way.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord
    )

    $passThrough = [System.Management.Automation.PipelineStoppedException],
        [System.Management.Automation.ActionPreferenceStopException]
    if ($passThrough | Where-Object { $ErrorRecord.Exception -is $_ }) {
        throw $ErrorRecord.Exception
    }
    $terminating = 'JIM.NotConnected', 'JIM.Unauthorised', 'JIM.Forbidden', 'JIM.Internal',
        'JIM.RunTimedOut', 'JIM.WaitFailed', 'JIM.ConfirmationRequired'
    if ($ErrorRecord.Exception -isnot [JIM.Native.JimException]) {
        # Not one of the module's own records: a bug or an unexpected .NET failure. It keeps
        # its message but gets a stable ID.
        $ErrorRecord = [System.Management.Automation.ErrorRecord]::new(
            $ErrorRecord.Exception, 'JIM.UnexpectedError', 'NotSpecified',
            $ErrorRecord.TargetObject)
    }
    if ($terminating -contains $ErrorRecord.FullyQualifiedErrorId) {
        $Cmdlet.ThrowTerminatingError($ErrorRecord)
    }
    $Cmdlet.WriteError($ErrorRecord)
}
