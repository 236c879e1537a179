function New-JIMWildcardPattern {
    <#
    .SYNOPSIS
    Returns a case-insensitive wildcard pattern, or throws JIM.InvalidWildcardPattern.

    .DESCRIPTION
    PowerShell reports a malformed pattern, such as '[a', only when the pattern is first
    matched; this checks it at once, so that the error names the parameter and the fix.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.WildcardPattern])]
    param(
        [Parameter(Mandatory)]
        [string] $Pattern,

        # The parameter the pattern came from, for the error message.
        [Parameter(Mandatory)]
        [string] $ParameterName
    )

    $options = [System.Management.Automation.WildcardOptions]::IgnoreCase
    $wildcard = [System.Management.Automation.WildcardPattern]::new($Pattern, $options)
    try {
        $null = $wildcard.IsMatch('')
    } catch {
        $message = "The -$ParameterName value '$Pattern' is not a valid wildcard pattern. " +
            'Close every [ with a ], or escape [ and ] with a backtick (`[) to match them ' +
            'as text.'
        throw (New-JIMErrorRecord -Message $message -ErrorId 'JIM.InvalidWildcardPattern' `
                -Category InvalidArgument -TargetObject $Pattern -Status 'InvalidArgument')
    }
    $wildcard
}
