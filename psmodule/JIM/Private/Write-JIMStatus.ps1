function Write-JIMStatus {
    <#
    .SYNOPSIS
    Writes a status message to the information stream, shown by default.

    .DESCRIPTION
    Status messages are shown on the host unless the calling cmdlet was given
    -InformationAction, or $InformationPreference is set to something other than its default
    SilentlyContinue. A runbook can capture them with -InformationVariable or 6>&1.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [string] $Message
    )

    $bound = $Cmdlet.MyInvocation.BoundParameters
    $preference = $Cmdlet.GetVariableValue('InformationPreference')
    $action = if ($bound.ContainsKey('InformationAction')) {
        $bound['InformationAction']
    } elseif ($preference -ne 'SilentlyContinue') {
        $preference
    } else {
        'Continue'
    }
    Write-Information -MessageData $Message -Tags 'JIM' -InformationAction $action
}
