function ConvertTo-JIMSecret {
    <#
    .SYNOPSIS
    Returns a key or token given as a string or a SecureString as a SecureString.

    .DESCRIPTION
    An empty value, or a value of any other type, is a JIM.InvalidArgument error whose
    message names the kind of secret but never contains it.
    #>
    [CmdletBinding()]
    [OutputType([securestring])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [object] $Value,

        # What the secret is, for the error message, such as 'API key'.
        [Parameter(Mandatory)]
        [string] $Name
    )

    if ($Value -is [psobject]) {
        $Value = $Value.PSObject.BaseObject
    }
    if ($Value -is [securestring]) {
        if ($Value.Length -eq 0) {
            throw (New-JIMErrorRecord -Message "The $Name is empty." `
                    -ErrorId 'JIM.InvalidArgument' -Category InvalidArgument `
                    -TargetObject $null -Status 'InvalidArgument')
        }
        return $Value
    }
    if ($Value -is [string]) {
        if ([string]::IsNullOrWhiteSpace($Value)) {
            throw (New-JIMErrorRecord -Message "The $Name is empty." `
                    -ErrorId 'JIM.InvalidArgument' -Category InvalidArgument `
                    -TargetObject $null -Status 'InvalidArgument')
        }
        return ConvertTo-SecureString -String $Value -AsPlainText -Force
    }
    $type = if ($null -eq $Value) { 'null' } else { $Value.GetType().FullName }
    $message = "The $Name must be a string or a SecureString, not $type."
    throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.InvalidArgument' `
            -Category InvalidType -TargetObject $null -Status 'InvalidArgument')
}

function ConvertTo-JIMPlainSecret {
    <#
    .SYNOPSIS
    Returns a token given as a string or a SecureString as a plain string, checked as
    ConvertTo-JIMSecret checks it.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [object] $Value,

        [Parameter(Mandatory)]
        [string] $Name
    )

    $secure = ConvertTo-JIMSecret -Value $Value -Name $Name
    [System.Net.NetworkCredential]::new('', $secure).Password
}
