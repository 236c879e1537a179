# Category of the error record for each status of the native library.
$script:JIMStatusCategory = @{
    InvalidArgument  = 'InvalidArgument'
    NotFound         = 'ObjectNotFound'
    Unauthorised     = 'AuthenticationError'
    Forbidden        = 'PermissionDenied'
    BadRequest       = 'InvalidArgument'
    Conflict         = 'ResourceBusy'
    RateLimited      = 'LimitsExceeded'
    ServerError      = 'ConnectionError'
    ConnectionFailed = 'ConnectionError'
    TimedOut         = 'OperationTimeout'
    InvalidResponse  = 'InvalidResult'
    Internal         = 'NotSpecified'
}

function Invoke-JIMNative {
    <#
    .SYNOPSIS
    Calls one function of the native library on the current connection.

    .DESCRIPTION
    Every cmdlet reaches the server through this function. It passes the connection handle
    as the first argument of the named JIM.Native.Api method, returns the JSON document the
    library sent back as objects, and turns a failure into a terminating error record with
    the ErrorId 'JIM.<Status>' (for example JIM.NotFound), the matching category and the
    given target object. The returned objects have PascalCase properties, shaped by -Shape.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        # The method of JIM.Native.Api to call, such as RunProfileList.
        [Parameter(Mandatory)]
        [string] $Operation,

        # The arguments after the connection handle.
        [object[]] $ArgumentList = @(),

        # What the call is about, for the error record and the verbose stream.
        [AllowNull()]
        [object] $TargetObject,

        # A short description of the call for the verbose stream, such as
        # "list the Run Profiles of Connected System 1".
        [Parameter(Mandatory)]
        [string] $Description,

        # How to shape the returned objects: a key of $script:JIMShapes, or None for plain
        # objects with PascalCase properties.
        [ValidateSet('None', 'RunProfile', 'ConnectedSystem', 'Activity', 'ActivityProgress')]
        [string] $Shape = 'None'
    )

    $handle = Get-JIMConnectionHandle
    Write-Verbose "JIM: $Description ($Operation)."
    $arguments = @($handle) + $ArgumentList
    $result = [JIM.Native.Api]::$Operation.Invoke($arguments)

    if ($result.Status -ne [JIM.Native.JimStatus]::Ok) {
        throw (ConvertFrom-JIMNativeError -Result $result -TargetObject $TargetObject)
    }
    if ([string]::IsNullOrEmpty($result.Json)) {
        return
    }
    $typeName = $null
    $first = $null
    if ($Shape -ne 'None') {
        $typeName = $script:JIMShapes[$Shape].TypeName
        $first = [string[]] $script:JIMShapes[$Shape].First
    }
    try {
        [JIM.Native.JsonShape]::Parse($result.Json, $typeName, $first)
    } catch {
        $message = "The JIM native library returned a document that is not valid JSON for " +
            "'$Description': $($_.Exception.InnerException.Message)"
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.InvalidResponse' `
                -Category InvalidResult -TargetObject $TargetObject -Status 'InvalidResponse')
    }
}

function ConvertFrom-JIMNativeError {
    <#
    .SYNOPSIS
    Turns a failed native result into the module's error record.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [JIM.Native.NativeResult] $Result,

        [AllowNull()]
        [object] $TargetObject
    )

    $status = $Result.Status.ToString()
    $document = $null
    if (-not [string]::IsNullOrEmpty($Result.Error)) {
        try {
            $document = $Result.Error | ConvertFrom-Json -AsHashtable -Depth 16
        } catch {
            $document = $null
        }
    }
    if ($null -eq $document) {
        $document = @{ message = "The JIM native library failed with status $status." }
    }

    $message = [string] $document['message']
    if ($status -eq 'TimedOut') {
        $message = $message.TrimEnd() + ' If the server is slow, connect again with a larger ' +
            'Connect-JIM -TimeoutSeconds (the default is 100 seconds).'
    }
    $validationErrors = $document['validationErrors']
    if ($validationErrors -is [System.Collections.IDictionary] -and $validationErrors.Count -gt 0) {
        $details = foreach ($field in $validationErrors.Keys) {
            '{0}: {1}' -f $field, (@($validationErrors[$field]) -join ' ')
        }
        $missing = @($details | Where-Object { -not $message.Contains($_) })
        if ($missing.Count -gt 0) {
            $message = $message.TrimEnd() + ' ' + ($missing -join '; ')
        }
    }

    $parameters = @{
        Message          = $message
        ErrorId          = "JIM.$status"
        Category         = $script:JIMStatusCategory[$status] ?? 'NotSpecified'
        TargetObject     = $TargetObject
        Status           = $status
        HttpStatus       = $document['httpStatus']
        ServerCode       = $document['code']
        ValidationErrors = $validationErrors -as [System.Collections.IDictionary]
    }
    New-JIMErrorRecord @parameters
}
