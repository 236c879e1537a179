# Run types: the names the module speaks (the specification's) and the server's names.
$script:JIMRunTypeByType = [ordered]@{
    FullImport  = 'FullImport'
    DeltaImport = 'DeltaImport'
    FullSync    = 'FullSynchronisation'
    DeltaSync   = 'DeltaSynchronisation'
    Export      = 'Export'
}

# How each kind of server document is shaped for output: its type name, for the format
# views, and the properties that come first, in this order. The other properties of the
# document follow in PascalCase.
$script:JIMShapes = @{
    RunProfile       = @{
        TypeName = 'JIM.RunProfile'
        First    = 'Id', 'Name', 'Type', 'RunType', 'ConnectedSystemId', 'ConnectedSystemName',
            'PartitionId', 'PartitionName', 'PageSize', 'FilePath', 'TargetsDeselectedPartition',
            'VerifyImportContentHashes'
    }
    ConnectedSystem  = @{
        TypeName = 'JIM.ConnectedSystem'
        First    = 'Id', 'Name', 'Description', 'ConnectorName', 'Status', 'ObjectCount'
    }
    Activity         = @{
        TypeName = 'JIM.Activity'
        First    = 'Id', 'Status', 'TargetName', 'TargetContext', 'TargetOperationType',
            'ObjectsProcessed', 'ObjectsToProcess', 'Created', 'ExecutionTime', 'Message',
            'WarningMessage', 'ErrorMessage'
    }
    ActivityProgress = @{
        TypeName = 'JIM.ActivityProgress'
        First    = 'Id', 'Status', 'PercentComplete', 'CurrentPhase', 'ObjectsProcessed',
            'ObjectsToProcess', 'ElapsedSeconds'
    }
}

function ConvertTo-JIMActivity {
    <#
    .SYNOPSIS
    Gives a shaped Activity or progress document its ID as a [guid] when it is one.
    #>
    [CmdletBinding()]
    [OutputType('JIM.Activity', 'JIM.ActivityProgress')]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [object] $InputObject
    )

    process {
        $InputObject.Id = ConvertTo-JIMActivityId $InputObject.Id
        $InputObject
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
