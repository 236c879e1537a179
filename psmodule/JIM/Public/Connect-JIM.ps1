function Connect-JIM {
    <#
    .SYNOPSIS
    Connects to a JIM server with an API key and proves that the key works.

    .DESCRIPTION
    Opens a connection to the JIM server at -Url and sends one authenticated request
    (GET /api/v1/userinfo), so that a wrong URL or a rejected key fails here rather than in
    the first cmdlet that uses the connection. The connection stays open for the session,
    until Disconnect-JIM, a new Connect-JIM or Remove-Module JIM.

    The key is never written to any output stream, log or error message.

    .PARAMETER Url
    The base URL of the JIM server, such as https://jim.example.com. A path prefix is kept.

    .PARAMETER ApiKey
    The API key, as a SecureString or a plain string. JIM's keys start with 'jim_'.

    .PARAMETER TimeoutSeconds
    How long one HTTP request may take before it fails, in seconds. The default is 100.

    .PARAMETER SkipCertificateCheck
    Accepts any TLS certificate. Use it only against a test server.

    .EXAMPLE
    Connect-JIM -Url https://jim.example.com -ApiKey (Read-Host -AsSecureString 'API key')

    Prompts for the key without echoing it, then connects.

    .EXAMPLE
    Connect-JIM -Url http://127.0.0.1:5000 -ApiKey $env:JIM_API_KEY

    Connects with a key kept in an environment variable, as a scheduled runbook would.

    .OUTPUTS
    JIM.Connection: the server URL, its version and the identity that the key belongs to.
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('JIM.Connection')]
    param(
        [Parameter(Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Url,

        [Parameter(Mandatory)]
        [ValidateNotNull()]
        [object] $ApiKey,

        [ValidateRange(1, 3600)]
        [int] $TimeoutSeconds = 100,

        [switch] $SkipCertificateCheck
    )

    try {
        $secureKey = switch ($ApiKey) {
            { $_ -is [securestring] } {
                $ApiKey
                break
            }
            { $_ -is [string] } {
                if ([string]::IsNullOrWhiteSpace($ApiKey)) {
                    throw (New-JIMErrorRecord -Message 'The API key is empty.' `
                            -ErrorId 'JIM.InvalidArgument' -Category InvalidArgument `
                            -TargetObject $null -Status 'InvalidArgument')
                }
                ConvertTo-SecureString -String $ApiKey -AsPlainText -Force
                break
            }
            default {
                $message = 'The API key must be a string or a SecureString, not ' +
                    "$($ApiKey.GetType().FullName)."
                throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.InvalidArgument' `
                        -Category InvalidType -TargetObject $null -Status 'InvalidArgument')
            }
        }

        $options = @{
            timeoutSeconds       = $TimeoutSeconds
            skipCertificateCheck = [bool] $SkipCertificateCheck
        } | ConvertTo-Json -Compress

        Write-Verbose "JIM: connect to $Url and read /api/v1/userinfo."
        $handle = $null
        $result = [JIM.Native.Api]::ConnectionOpen($Url, $secureKey, $options, [ref] $handle)
        if ($result.Status -ne [JIM.Native.JimStatus]::Ok) {
            if ($null -ne $handle) {
                $handle.Dispose()
            }
            throw (ConvertFrom-JIMNativeError -Result $result -TargetObject $Url)
        }

        if ($null -ne $script:JIMConnection) {
            $script:JIMConnection.Handle.Dispose()
        }
        $document = $result.Json | ConvertFrom-Json -Depth 16
        $userInfo = $document.userInfo
        $connection = [pscustomobject]@{
            PSTypeName      = 'JIM.Connection'
            Url             = [string] $document.url
            ServerVersion   = $document.version
            Name            = $userInfo.name
            AuthMethod      = $userInfo.authMethod
            IsAdministrator = [bool] $userInfo.isAdministrator
        }
        $script:JIMConnection = [pscustomobject]@{
            Url    = $connection.Url
            Handle = $handle
        }
        $connection
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
