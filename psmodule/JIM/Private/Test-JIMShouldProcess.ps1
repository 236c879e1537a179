function Test-JIMShouldProcess {
    <#
    .SYNOPSIS
    Asks ShouldProcess whether to go ahead, with a clear error where no one can answer.

    .DESCRIPTION
    In a non-interactive session (a scheduled runbook, pwsh -NonInteractive), a prompt
    for confirmation cannot be shown and ShouldProcess throws. This turns that into
    JIM.ConfirmationRequired, which says how to go ahead without a prompt.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [string] $Target,

        [Parameter(Mandatory)]
        [string] $Action
    )

    try {
        return $Cmdlet.ShouldProcess($Target, $Action)
    } catch [System.Management.Automation.PSInvalidOperationException],
        [System.Management.Automation.Host.HostException] {
        $name = $Cmdlet.MyInvocation.MyCommand.Name
        $message = "$name needs confirmation to '$Action' on $Target, but this session " +
            'cannot show a prompt. Add -Confirm:$false (or -Force for Remove-JIMRunProfile) ' +
            'to go ahead without one, or -WhatIf to see what would happen.'
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.ConfirmationRequired' `
                -Category InvalidOperation -TargetObject $Target -Status 'ConfirmationRequired')
    }
}
