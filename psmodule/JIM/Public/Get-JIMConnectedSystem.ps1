function Get-JIMConnectedSystem {
    <#
    .SYNOPSIS
    Gets the Connected Systems of the JIM server.

    .DESCRIPTION
    Without parameters, returns every Connected System: the server's list is paginated, and
    every page is read. -Name filters by name with wildcards; -Id reads one system in detail.

    .PARAMETER Id
    The ID of one Connected System. Alias: ConnectedSystemId. Accepts pipeline input by
    property name; a Run Profile piped in gives the Connected System that owns it. A
    system that does not exist is a JIM.NotFound error.

    .PARAMETER Name
    Returns only the systems whose name matches, with wildcards (such as 'HR*'). A name
    without wildcards that matches no system is a JIM.NotFound error.

    .EXAMPLE
    Get-JIMConnectedSystem

    Lists every Connected System.

    .EXAMPLE
    Get-JIMConnectedSystem -Name 'HR*' | Get-JIMRunProfile

    Lists the Run Profiles of every system whose name starts with HR.

    .EXAMPLE
    Get-JIMConnectedSystem -Id 1

    Reads Connected System 1 in detail.

    .EXAMPLE
    Get-JIMRunProfile -RunProfileId 42 | Get-JIMConnectedSystem

    Reads the Connected System that owns Run Profile 42.

    .OUTPUTS
    JIM.ConnectedSystem

    .LINK
    Get-JIMRunProfile

    .LINK
    Connect-JIM
    #>
    [CmdletBinding(DefaultParameterSetName = 'List', PositionalBinding = $false)]
    [OutputType('JIM.ConnectedSystem')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)]
        [Alias('ConnectedSystemId')]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $Id,

        [Parameter(ParameterSetName = 'List', Position = 0)]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string] $Name
    )

    begin {
        # Only parameters from the command line are bound yet; an Id bound later came from a
        # piped object, which is then checked for what it is.
        $idFromCommandLine = $PSBoundParameters.ContainsKey('Id')
    }

    process {
        try {
            if ($PSCmdlet.ParameterSetName -eq 'ById' -and -not $idFromCommandLine -and
                $null -ne $_) {
                $Id = Get-JIMConnectedSystemIdFromInput -InputObject $_ -Id $Id
            }
            if ($PSCmdlet.ParameterSetName -eq 'ById') {
                $system = Invoke-JIMNative -Operation ConnectedSystemGet -ArgumentList $Id `
                    -TargetObject $Id -Description "read Connected System $Id" `
                    -Shape ConnectedSystem
                # The detail document names the connector by a connector object.
                $connector = $system.PSObject.Properties['Connector']
                if (-not $system.ConnectorName -and $connector -and $connector.Value) {
                    $system.ConnectorName = $connector.Value.Name
                }
                $system
                return
            }

            $systems = @(Invoke-JIMNative -Operation ConnectedSystemList -TargetObject $Name `
                    -Description 'list every Connected System' -Shape ConnectedSystem)
            if (-not $PSBoundParameters.ContainsKey('Name')) {
                $systems
                return
            }

            $pattern = New-JIMWildcardPattern -Pattern $Name -ParameterName 'Name'
            $matched = @($systems | Where-Object { $pattern.IsMatch($_.name) })
            $literal = -not [WildcardPattern]::ContainsWildcardCharacters($Name)
            if ($matched.Count -eq 0 -and $literal) {
                $message = "No Connected System is named '$Name'. " +
                    'Run Get-JIMConnectedSystem to see the names.'
                throw (New-JIMErrorRecord -Message $message `
                        -ErrorId 'JIM.NotFound' -Category ObjectNotFound `
                        -TargetObject $Name -Status 'NotFound')
            }
            $matched
        } catch {
            Write-JIMError -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }
}
