function New-JIMErrorRecord {
    <#
    .SYNOPSIS
    Builds the error record that every JIM cmdlet writes or throws.

    .DESCRIPTION
    The exception is a JIM.Native.JimException, so that a runbook can read the HTTP status,
    the server's error code, its validation errors and the activity ID from
    $_.Exception. The error ID is stable across releases: runbooks may match on it.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Message,

        [Parameter(Mandatory)]
        [string] $ErrorId,

        [Parameter(Mandatory)]
        [System.Management.Automation.ErrorCategory] $Category,

        [AllowNull()]
        [object] $TargetObject,

        [string] $Status = $ErrorId,

        [Nullable[int]] $HttpStatus,

        [string] $ServerCode,

        [System.Collections.IDictionary] $ValidationErrors,

        [string] $ActivityId,

        [string] $RecommendedAction
    )

    $exception = [JIM.Native.JimException]::new(
        $Message, $Status, $HttpStatus, $ServerCode, $ValidationErrors, $ActivityId)
    $record = [System.Management.Automation.ErrorRecord]::new(
        $exception, $ErrorId, $Category, $TargetObject)
    if ($RecommendedAction) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Message)
        $record.ErrorDetails.RecommendedAction = $RecommendedAction
    }
    $record
}
