function Disconnect-JIM {
    <#
    .SYNOPSIS
    Closes the connection to the JIM server.

    .DESCRIPTION
    Releases the connection that Connect-JIM opened, with its pooled HTTP connections and
    what it learned about which Connected System owns which Run Profile. Calling it when no
    connection is open does nothing.

    .EXAMPLE
    Disconnect-JIM

    .EXAMPLE
    try { Start-JIMRunProfile -RunProfileId 7 -Wait } finally { Disconnect-JIM }

    Closes the connection whatever the run's outcome, as the last step of a runbook.

    .LINK
    Connect-JIM
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([void])]
    param()

    if ($null -ne $script:JIMConnection) {
        Write-Verbose "JIM: disconnect from $($script:JIMConnection.Url)."
        $script:JIMConnection.Handle.Dispose()
        $script:JIMConnection = $null
    }
}
