# The JIM module: loads the native library that talks to the JIM server, then the cmdlets.
Set-StrictMode -Version 3.0

$nativeFileName = if ($IsWindows) {
    'jim_native.dll'
} elseif ($IsMacOS) {
    'libjim_native.dylib'
} else {
    'libjim_native.so'
}
$nativePath = Join-Path -Path $PSScriptRoot -ChildPath $nativeFileName
if (-not (Test-Path -LiteralPath $nativePath -PathType Leaf)) {
    $message = "The JIM module cannot load: its native library was not found at '$nativePath'. " +
        "Build it with './build.ps1 -Task Build' and import the module from the 'out/JIM' folder."
    throw [System.IO.FileNotFoundException]::new($message, $nativePath)
}

# The P/Invoke declarations are compiled once per process: a second Import-Module, with or
# without -Force, reuses the types already loaded.
if (-not ('JIM.Native.Api' -as [type])) {
    $compiled = Join-Path -Path $PSScriptRoot -ChildPath 'JIM.Native.dll'
    if (Test-Path -LiteralPath $compiled -PathType Leaf) {
        Add-Type -LiteralPath $compiled
    } else {
        Add-Type -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath 'JIM.Native.cs')
    }
}
[JIM.Native.Api]::Initialise($nativePath)

$script:JIMConnection = $null

foreach ($folder in 'Private', 'Public') {
    $scripts = Get-ChildItem -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath $folder) `
        -Filter '*.ps1'
    foreach ($script in $scripts) {
        . $script.FullName
    }
}

$ExecutionContext.SessionState.Module.OnRemove = {
    if ($null -ne $script:JIMConnection) {
        $script:JIMConnection.Handle.Dispose()
        $script:JIMConnection = $null
    }
}
