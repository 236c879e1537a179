# Starts and drives jim-emulator processes for the demo, the Pester tests and the benchmarks.
Set-StrictMode -Version 3.0

function Start-JIMEmulator {
    <#
    .SYNOPSIS
    Starts jim-emulator on a free loopback port and returns its URL, keys and process.

    .DESCRIPTION
    Waits for the first line that the emulator prints, its base URL, which it prints once it
    accepts connections. The emulator's other output is read and dropped, so that a full
    pipe never blocks it.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [string] $Path,

        # More emulator flags, such as '--run-seconds', '1'.
        [string[]] $ArgumentList = @(),

        [int] $StartTimeoutSeconds = 20
    )

    $apiKey = 'jim_test_' + [guid]::NewGuid().ToString('N')
    $readOnlyApiKey = 'jim_readonly_' + [guid]::NewGuid().ToString('N')
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($Path)
    foreach ($argument in @('--port', '0', '--api-key', $apiKey, '--read-only-api-key',
            $readOnlyApiKey) + $ArgumentList) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)

    # Whatever fails from here on, the process must not outlive this call.
    try {
        $firstLine = $process.StandardOutput.ReadLineAsync()
        if (-not $firstLine.Wait([timespan]::FromSeconds($StartTimeoutSeconds)) -or
            -not $firstLine.Result) {
            $errorText = ''
            if ($process.HasExited) {
                $errorText = $process.StandardError.ReadToEnd()
            }
            throw "jim-emulator at '$Path' did not print its URL within " +
                "$StartTimeoutSeconds seconds. $errorText"
        }
        $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
        $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    } catch {
        if (-not $process.HasExited) {
            $process.Kill($true)
        }
        $process.Dispose()
        throw
    }

    [pscustomobject]@{
        PSTypeName     = 'JIM.TestEmulator'
        Url            = $firstLine.Result.Trim()
        ApiKey         = $apiKey
        ReadOnlyApiKey = $readOnlyApiKey
        Process        = $process
    }
}

function Stop-JIMEmulator {
    <#
    .SYNOPSIS
    Stops an emulator that Start-JIMEmulator started. Stopping one that has exited is fine.
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] [AllowNull()] [object] $Emulator)

    process {
        if ($null -eq $Emulator -or $null -eq $Emulator.Process) {
            return
        }
        if (-not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill($true)
            $null = $Emulator.Process.WaitForExit(5000)
        }
        $Emulator.Process.Dispose()
    }
}

function Invoke-JIMEmulatorControl {
    <#
    .SYNOPSIS
    Calls one of the emulator's test control routes under /_emulator/.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object] $Emulator,

        [ValidateSet('GET', 'POST', 'PUT', 'DELETE')]
        [string] $Method = 'GET',

        [Parameter(Mandatory)]
        [string] $Path,

        [object] $Body
    )

    $parameters = @{
        Method = $Method
        Uri    = "$($Emulator.Url)/_emulator/$($Path.TrimStart('/'))"
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = $Body | ConvertTo-Json -Depth 8 -Compress
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Get-JIMEmulatorRequest {
    <#
    .SYNOPSIS
    Returns the API requests that the emulator received since it started or was cleared.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object] $Emulator)

    @((Invoke-JIMEmulatorControl -Emulator $Emulator -Path 'requests').requests)
}

function Clear-JIMEmulatorRequest {
    <#
    .SYNOPSIS
    Forgets the API requests that the emulator has received so far.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object] $Emulator)

    $null = Invoke-JIMEmulatorControl -Emulator $Emulator -Method DELETE -Path 'requests'
}

Export-ModuleMember -Function Start-JIMEmulator, Stop-JIMEmulator, Invoke-JIMEmulatorControl,
    Get-JIMEmulatorRequest, Clear-JIMEmulatorRequest
