function New-JIMRunProfile {
    <#
    .SYNOPSIS
    Creates a Run Profile on a Connected System.

    .DESCRIPTION
    Creates a Run Profile of the given type on the Connected System given by ID or by exact
    name. Supports -WhatIf and -Confirm; with -WhatIf nothing is sent to the server, not
    even the lookup of a Connected System's name.

    .PARAMETER ConnectedSystemId
    The ID of the Connected System to create the Run Profile on.

    .PARAMETER ConnectedSystemName
    The name of the Connected System to create the Run Profile on, as an exact match.

    .PARAMETER Name
    The display name of the new Run Profile, 1 to 200 characters.

    .PARAMETER Type
    The operation: FullImport, DeltaImport, FullSync, DeltaSync or Export. The server's
    names FullSynchronisation and DeltaSynchronisation are accepted too.

    .PARAMETER PartitionId
    The partition to scope the Run Profile to. Without it, the Run Profile follows every
    selected partition of the Connected System.

    .PARAMETER PassThru
    Returns the created Run Profile.

    .EXAMPLE
    New-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import' -Type FullImport

    .EXAMPLE
    $rp = New-JIMRunProfile -ConnectedSystemName 'Active Directory' -Name 'Export' `
        -Type Export -PassThru

    Creates an Export profile and keeps it, for example to read $rp.Id.

    .EXAMPLE
    New-JIMRunProfile -ConnectedSystemId 1 -Name 'Full Import (UK)' -Type FullImport -PartitionId 3

    .OUTPUTS
    None by default; JIM.RunProfile with -PassThru.

    .LINK
    Get-JIMRunProfile

    .LINK
    Set-JIMRunProfile

    .LINK
    Remove-JIMRunProfile

    .LINK
    Start-JIMRunProfile
    #>
    [CmdletBinding(DefaultParameterSetName = 'ById', PositionalBinding = $false,
        SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ConnectedSystemId,

        [Parameter(Mandatory, ParameterSetName = 'ByName')]
        [ValidateNotNullOrEmpty()]
        [string] $ConnectedSystemName,

        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(Mandatory)]
        # Completion runs outside the module's scope, so the five names are listed here.
        [ArgumentCompleter({
                param($commandName, $parameterName, $wordToComplete)
                'FullImport', 'DeltaImport', 'FullSync', 'DeltaSync', 'Export' |
                    Where-Object { $_ -like "$wordToComplete*" }
            })]
        [ValidateScript({ Test-JIMRunType -Type $_ }, ErrorMessage = "'{0}' is not a Run " +
            'Profile type. Use FullImport, DeltaImport, FullSync, DeltaSync or Export.')]
        [string] $Type,

        [Parameter()]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $PartitionId,

        [switch] $PassThru
    )

    process {
        try {
            $target = if ($PSCmdlet.ParameterSetName -eq 'ByName') {
                "Connected System '$ConnectedSystemName'"
            } else {
                "Connected System $ConnectedSystemId"
            }
            $action = "Create $(ConvertTo-JIMShortRunType $Type) Run Profile '$Name'"
            if ($PSBoundParameters.ContainsKey('PartitionId')) {
                $action += " on partition $PartitionId"
            }
            if (-not (Test-JIMShouldProcess -Cmdlet $PSCmdlet -Target $target -Action $action)) {
                return
            }

            $systemId = $ConnectedSystemId
            if ($PSCmdlet.ParameterSetName -eq 'ByName') {
                $systemId = (Resolve-JIMConnectedSystem -Name $ConnectedSystemName).Id
            }
            $request = [ordered]@{ name = $Name; runType = $Type }
            if ($PSBoundParameters.ContainsKey('PartitionId')) {
                $request.partitionId = $PartitionId
            }
            $created = Invoke-JIMNative -Operation RunProfileCreate `
                -ArgumentList $systemId, ($request | ConvertTo-Json -Compress) `
                -TargetObject $Name `
                -Description "create Run Profile '$Name' on Connected System $systemId" `
                -Shape RunProfile
            Write-Verbose "JIM: created Run Profile $($created.Id) '$($created.Name)'."
            if ($PassThru) {
                $created
            }
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
