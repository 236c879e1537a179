//! Run Profile types, by the server's long names and the module's short names.

use std::fmt;

use crate::error::Error;

/// Operation that a Run Profile performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunType {
    /// Import every object from the Connected System.
    FullImport,
    /// Import the changes since the last import.
    DeltaImport,
    /// Synchronise every imported object into the Metaverse.
    FullSynchronisation,
    /// Synchronise the objects changed since the last synchronisation.
    DeltaSynchronisation,
    /// Export pending changes to the Connected System.
    Export,
}

/// Every run type, in the order they are listed in messages.
const ALL: [RunType; 5] = [
    RunType::FullImport,
    RunType::DeltaImport,
    RunType::FullSynchronisation,
    RunType::DeltaSynchronisation,
    RunType::Export,
];

impl RunType {
    /// Parses a short name (`FullSync`) or a long name (`FullSynchronisation`), ignoring
    /// ASCII case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] listing the valid names when `name` is none of them.
    pub fn parse(name: &str) -> Result<RunType, Error> {
        let trimmed = name.trim();
        ALL.into_iter()
            .find(|run_type| {
                trimmed.eq_ignore_ascii_case(run_type.server_name())
                    || trimmed.eq_ignore_ascii_case(run_type.short_name())
            })
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "'{name}' is not a valid Run Profile type. Valid types are FullImport, \
                     DeltaImport, FullSync, DeltaSync and Export; the long names \
                     FullSynchronisation and DeltaSynchronisation are accepted too."
                ))
            })
    }

    /// Returns the server's name, such as `FullSynchronisation`.
    pub fn server_name(self) -> &'static str {
        match self {
            RunType::FullImport => "FullImport",
            RunType::DeltaImport => "DeltaImport",
            RunType::FullSynchronisation => "FullSynchronisation",
            RunType::DeltaSynchronisation => "DeltaSynchronisation",
            RunType::Export => "Export",
        }
    }

    /// Returns the short name the PowerShell module uses, such as `FullSync`.
    pub fn short_name(self) -> &'static str {
        match self {
            RunType::FullSynchronisation => "FullSync",
            RunType::DeltaSynchronisation => "DeltaSync",
            other => other.server_name(),
        }
    }

    /// Returns the short name for a run type as the server names it. A name the client does
    /// not know is returned unchanged, so a newer server's types still show.
    pub fn short_name_of(server_name: &str) -> String {
        ALL.into_iter()
            .find(|run_type| run_type.server_name() == server_name)
            .map_or_else(
                || server_name.to_owned(),
                |run_type| run_type.short_name().to_owned(),
            )
    }
}

impl fmt::Display for RunType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.server_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_short_and_long_names() {
        let cases = [
            ("FullImport", RunType::FullImport),
            ("deltaimport", RunType::DeltaImport),
            ("FullSync", RunType::FullSynchronisation),
            ("FULLSYNCHRONISATION", RunType::FullSynchronisation),
            ("DeltaSync", RunType::DeltaSynchronisation),
            ("deltaSynchronisation", RunType::DeltaSynchronisation),
            ("export", RunType::Export),
        ];
        for (name, expected) in cases {
            assert_eq!(RunType::parse(name).unwrap(), expected, "{name}");
        }
    }

    #[test]
    fn parse_rejects_unknown_name() {
        let error = RunType::parse("FullSynchronization").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("'FullSynchronization'"), "{message}");
        assert!(
            message.contains("FullImport, DeltaImport, FullSync, DeltaSync"),
            "{message}"
        );
    }

    #[test]
    fn short_name_of_maps_server_names() {
        assert_eq!(RunType::short_name_of("FullSynchronisation"), "FullSync");
        assert_eq!(RunType::short_name_of("DeltaSynchronisation"), "DeltaSync");
        assert_eq!(RunType::short_name_of("Export"), "Export");
        assert_eq!(RunType::short_name_of("FutureType"), "FutureType");
    }
}
