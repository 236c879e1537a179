function Connect-JIM {
    <#
    .SYNOPSIS
    Connects to a JIM server with an API key or a bearer token, and proves that it works.

    .DESCRIPTION
    Opens a connection to the JIM server at -Url and sends one authenticated request
    (GET /api/v1/userinfo), so that a wrong URL or a rejected credential fails here rather
    than in the first cmdlet that uses the connection. The connection stays open for the
    session, until Disconnect-JIM, a new Connect-JIM or Remove-Module JIM.

    With -AccessToken, requests carry 'Authorization: Bearer'. When the server rejects the
    token and a -RefreshToken was given, the module gets a new access token from the
    token endpoint of the server's OpenID Connect provider (refresh_token grant) and repeats
    the request once.

    Keys and tokens are never written to any output stream, log or error message.

    .PARAMETER Url
    The base URL of the JIM server, such as https://jim.example.com. A path prefix is kept.

    .PARAMETER ApiKey
    The API key, as a SecureString or a plain string. JIM's keys start with 'jim_'.

    .PARAMETER AccessToken
    A bearer access token from the organisation's OpenID Connect provider, as a
    SecureString or a plain string.

    .PARAMETER RefreshToken
    The refresh token issued with -AccessToken, used to get a new access token when the
    server rejects the current one.

    .PARAMETER ClientId
    The OAuth client ID to send with a refresh. The default is the client ID that the
    server's /api/v1/auth/config advertises.

    .PARAMETER TokenEndpoint
    The token endpoint for refreshes. The default is the one named by the OpenID Connect
    discovery document of the authority that /api/v1/auth/config advertises.

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

    .EXAMPLE
    Connect-JIM -Url https://jim.example.com -AccessToken $token.access_token `
        -RefreshToken $token.refresh_token

    Connects with tokens from the organisation's identity provider; the module refreshes the
    access token when it expires.

    .OUTPUTS
    JIM.Connection: the server URL, its version and the identity that the key belongs to.

    .LINK
    Disconnect-JIM

    .LINK
    Get-JIMConnectedSystem
    #>
    [CmdletBinding(DefaultParameterSetName = 'ApiKey', PositionalBinding = $false)]
    [OutputType('JIM.Connection')]
    param(
        [Parameter(Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Url,

        [Parameter(Mandatory, ParameterSetName = 'ApiKey')]
        [ValidateNotNull()]
        [object] $ApiKey,

        [Parameter(Mandatory, ParameterSetName = 'Token')]
        [ValidateNotNull()]
        [object] $AccessToken,

        [Parameter(ParameterSetName = 'Token')]
        [ValidateNotNull()]
        [object] $RefreshToken,

        [Parameter(ParameterSetName = 'Token')]
        [ValidateNotNullOrEmpty()]
        [string] $ClientId,

        [Parameter(ParameterSetName = 'Token')]
        [ValidateNotNullOrEmpty()]
        [string] $TokenEndpoint,

        [ValidateRange(1, 3600)]
        [int] $TimeoutSeconds = 100,

        [switch] $SkipCertificateCheck
    )

    try {
        $options = [ordered]@{
            timeoutSeconds       = $TimeoutSeconds
            skipCertificateCheck = [bool] $SkipCertificateCheck
        }
        $secureKey = $null
        if ($PSCmdlet.ParameterSetName -eq 'ApiKey') {
            $secureKey = ConvertTo-JIMSecret -Value $ApiKey -Name 'API key'
        } else {
            # The tokens cross the C ABI inside the options document, so they exist as
            # plain strings in managed memory for the length of this call.
            $options.accessToken = ConvertTo-JIMPlainSecret -Value $AccessToken `
                -Name 'access token'
            if ($PSBoundParameters.ContainsKey('RefreshToken')) {
                $options.refreshToken = ConvertTo-JIMPlainSecret -Value $RefreshToken `
                    -Name 'refresh token'
            }
            if ($ClientId) {
                $options.clientId = $ClientId
            }
            if ($TokenEndpoint) {
                $options.tokenEndpoint = $TokenEndpoint
            }
        }
        $optionsJson = $options | ConvertTo-Json -Compress
        $options = $null

        Write-Verbose "JIM: connect to $Url and read /api/v1/userinfo."
        $handle = $null
        $result = [JIM.Native.Api]::ConnectionOpen(
            $Url, $secureKey, $optionsJson, [ref] $handle)
        $optionsJson = $null
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
