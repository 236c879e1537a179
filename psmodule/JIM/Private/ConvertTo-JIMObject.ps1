# Run types: the names the module speaks (the specification's) and the server's names.
$script:JIMRunTypeByType = [ordered]@{
    FullImport  = 'FullImport'
    DeltaImport = 'DeltaImport'
    FullSync    = 'FullSynchronisation'
    DeltaSync   = 'DeltaSynchronisation'
    Export      = 'Export'
}

function ConvertTo-JIMPascalCase {
    <#
    .SYNOPSIS
    Returns a wire name such as "connectedSystemId" as "ConnectedSystemId".
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Name)

    $Name.Substring(0, 1).ToUpperInvariant() + $Name.Substring(1)
}

function ConvertTo-JIMObject {
    <#
    .SYNOPSIS
    Copies a document from the server into an object with PascalCase properties.

    .DESCRIPTION
    The properties named in -First come first, in that order, and then every other property
    of the document. Nested objects are copied the same way; arrays stay arrays.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [object] $InputObject,

        [string] $TypeName,

        [string[]] $First = @(),

        # Extra properties that win over the document's own.
        [System.Collections.IDictionary] $Property = @{}
    )

    $values = [ordered]@{}
    foreach ($name in $First) {
        $values[$name] = $null
    }
    if ($null -ne $InputObject) {
        foreach ($wireProperty in $InputObject.PSObject.Properties) {
            $values[(ConvertTo-JIMPascalCase $wireProperty.Name)] =
                ConvertTo-JIMValue $wireProperty.Value
        }
    }
    foreach ($name in $Property.Keys) {
        $values[$name] = $Property[$name]
    }
    if ($TypeName) {
        $values.Insert(0, 'PSTypeName', $TypeName)
    }
    [pscustomobject] $values
}

function ConvertTo-JIMValue {
    <#
    .SYNOPSIS
    Copies one value of a server document, renaming the properties of nested objects.
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param([AllowNull()] [object] $Value)

    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        return ConvertTo-JIMObject -InputObject $Value
    }
    if ($Value -is [System.Array]) {
        return , @($Value | ForEach-Object { ConvertTo-JIMValue $_ })
    }
    $Value
}

function ConvertTo-JIMRunProfile {
    <#
    .SYNOPSIS
    Shapes a Run Profile document from the native library into a JIM.RunProfile object.
    #>
    [CmdletBinding()]
    [OutputType('JIM.RunProfile')]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [object] $InputObject
    )

    process {
        $first = 'Id', 'Name', 'Type', 'RunType', 'ConnectedSystemId', 'ConnectedSystemName',
            'PartitionId', 'PartitionName', 'PageSize', 'FilePath',
            'TargetsDeselectedPartition', 'VerifyImportContentHashes'
        ConvertTo-JIMObject -InputObject $InputObject -TypeName 'JIM.RunProfile' -First $first
    }
}

function ConvertTo-JIMConnectedSystem {
    <#
    .SYNOPSIS
    Shapes a Connected System from the server's list or detail document.
    #>
    [CmdletBinding()]
    [OutputType('JIM.ConnectedSystem')]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [object] $InputObject
    )

    process {
        # The list names the connector by connectorName, the detail by a connector object.
        $connectorName = $null
        if ($InputObject.PSObject.Properties['connectorName']) {
            $connectorName = $InputObject.connectorName
        } elseif ($InputObject.PSObject.Properties['connector'] -and $InputObject.connector) {
            $connectorName = $InputObject.connector.name
        }
        $first = 'Id', 'Name', 'Description', 'ConnectorName', 'Status', 'ObjectCount'
        ConvertTo-JIMObject -InputObject $InputObject -TypeName 'JIM.ConnectedSystem' `
            -First $first -Property @{ ConnectorName = $connectorName }
    }
}

function ConvertTo-JIMActivity {
    <#
    .SYNOPSIS
    Shapes an Activity document, with its ID as a [guid] when it is one.
    #>
    [CmdletBinding()]
    [OutputType('JIM.Activity')]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [object] $InputObject
    )

    process {
        $first = 'Id', 'Status', 'TargetName', 'TargetContext', 'TargetOperationType',
            'ObjectsProcessed', 'ObjectsToProcess', 'Created', 'ExecutionTime', 'Message',
            'WarningMessage', 'ErrorMessage'
        ConvertTo-JIMObject -InputObject $InputObject -TypeName 'JIM.Activity' -First $first `
            -Property @{ Id = ConvertTo-JIMActivityId $InputObject.id }
    }
}

function ConvertTo-JIMActivityId {
    <#
    .SYNOPSIS
    Returns an activity ID as a [guid] when it is one, else as the server sent it.
    #>
    [CmdletBinding()]
    [OutputType([guid], [string])]
    param([AllowNull()] [object] $Value)

    $guid = [guid]::Empty
    if ($null -ne $Value -and [guid]::TryParse([string] $Value, [ref] $guid)) {
        return $guid
    }
    $Value
}

function Test-JIMRunType {
    <#
    .SYNOPSIS
    Returns whether a -Type value names a run type, by the module's or the server's name.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([AllowNull()] [string] $Type)

    $null -ne (ConvertTo-JIMShortRunType $Type)
}

function ConvertTo-JIMShortRunType {
    <#
    .SYNOPSIS
    Returns the module's name of a run type given by either name, or $null if it is none.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [string] $Type)

    foreach ($entry in $script:JIMRunTypeByType.GetEnumerator()) {
        if ($Type -eq $entry.Key -or $Type -eq $entry.Value) {
            return $entry.Key
        }
    }
    $null
}
