# A PowerShell host for tests that answers every choice prompt with a fixed choice and
# records the prompts, as a person at the console would see them.
using namespace System.Management.Automation
using namespace System.Management.Automation.Host
using namespace System.Collections.Generic
using namespace System.Collections.ObjectModel

class AnsweringUI : PSHostUserInterface {
    [int] $Answer
    [List[string]] $Prompts = [List[string]]::new()

    AnsweringUI([int] $answer) {
        $this.Answer = $answer
    }

    [PSHostRawUserInterface] get_RawUI() { return $null }
    [string] ReadLine() { return '' }
    [securestring] ReadLineAsSecureString() { return [securestring]::new() }
    [void] Write([string] $value) {}
    [void] Write([ConsoleColor] $foreground, [ConsoleColor] $background, [string] $value) {}
    [void] WriteLine([string] $value) {}
    [void] WriteErrorLine([string] $value) {}
    [void] WriteDebugLine([string] $message) {}
    [void] WriteProgress([long] $sourceId, [ProgressRecord] $record) {}
    [void] WriteVerboseLine([string] $message) {}
    [void] WriteWarningLine([string] $message) {}

    [Dictionary[string, PSObject]] Prompt(
        [string] $caption, [string] $message, [Collection[FieldDescription]] $descriptions) {
        throw [NotSupportedException]::new('This test host answers choice prompts only.')
    }

    [PSCredential] PromptForCredential(
        [string] $caption, [string] $message, [string] $userName, [string] $targetName) {
        throw [NotSupportedException]::new('This test host answers choice prompts only.')
    }

    [PSCredential] PromptForCredential(
        [string] $caption, [string] $message, [string] $userName, [string] $targetName,
        [PSCredentialTypes] $allowedTypes, [PSCredentialUIOptions] $options) {
        throw [NotSupportedException]::new('This test host answers choice prompts only.')
    }

    [int] PromptForChoice(
        [string] $caption, [string] $message, [Collection[ChoiceDescription]] $choices,
        [int] $defaultChoice) {
        $this.Prompts.Add("$caption`n$message")
        return $this.Answer
    }
}

class AnsweringHost : PSHost {
    [AnsweringUI] $AnsweringUI
    hidden [guid] $Id = [guid]::NewGuid()

    AnsweringHost([int] $answer) {
        $this.AnsweringUI = [AnsweringUI]::new($answer)
    }

    [string] get_Name() { return 'AnsweringHost' }
    [version] get_Version() { return [version] '1.0' }
    [guid] get_InstanceId() { return $this.Id }
    [PSHostUserInterface] get_UI() { return $this.AnsweringUI }
    [cultureinfo] get_CurrentCulture() { return [cultureinfo]::InvariantCulture }
    [cultureinfo] get_CurrentUICulture() { return [cultureinfo]::InvariantCulture }
    [void] SetShouldExit([int] $exitCode) {}
    [void] EnterNestedPrompt() {}
    [void] ExitNestedPrompt() {}
    [void] NotifyBeginApplication() {}
    [void] NotifyEndApplication() {}
}
