@{
    RootModule           = 'JIM.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c52-8e7a-4d1b-9a61-0c2e7f4d9b13'
    Author               = 'The JIM PowerShell module authors'
    Copyright            = '(c) The JIM PowerShell module authors. MIT licence.'
    Description          = 'Manage, start and wait for the Run Profiles of a JIM server.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('JIM.Format.ps1xml')
    FunctionsToExport    = @(
        'Connect-JIM'
        'Disconnect-JIM'
        'Get-JIMConnectedSystem'
        'Get-JIMRunProfile'
        'New-JIMRunProfile'
        'Set-JIMRunProfile'
        'Remove-JIMRunProfile'
        'Start-JIMRunProfile'
        'Get-JIMActivity'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('JIM', 'Identity', 'IdentityManagement', 'Synchronisation')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
