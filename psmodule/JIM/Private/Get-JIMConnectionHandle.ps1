function Get-JIMConnectionHandle {
    <#
    .SYNOPSIS
    Returns the handle of the current connection, or throws JIM.NotConnected.
    #>
    [CmdletBinding()]
    [OutputType([JIM.Native.JimConnectionHandle])]
    param()

    $connection = $script:JIMConnection
    if ($null -eq $connection -or $connection.Handle.IsClosed) {
        $message = 'Not connected to a JIM server. ' +
            'Run Connect-JIM -Url <url> -ApiKey <key> first.'
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.NotConnected' `
                -Category ConnectionError -TargetObject $null `
                -RecommendedAction 'Run Connect-JIM -Url <url> -ApiKey <key>.')
    }
    $connection.Handle
}
