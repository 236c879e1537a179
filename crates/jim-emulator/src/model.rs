//! The emulated server's data: Connected Systems, their Partitions and their Run Profiles.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The operation a Run Profile performs, named as on the JIM wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RunType {
    FullImport,
    DeltaImport,
    FullSynchronisation,
    DeltaSynchronisation,
    Export,
}

impl RunType {
    /// Every run type, in the order JIM declares them.
    pub const ALL: [RunType; 5] = [
        RunType::FullImport,
        RunType::DeltaImport,
        RunType::FullSynchronisation,
        RunType::DeltaSynchronisation,
        RunType::Export,
    ];

    /// Returns the wire name, for example `FullSynchronisation`.
    pub fn name(self) -> &'static str {
        match self {
            RunType::FullImport => "FullImport",
            RunType::DeltaImport => "DeltaImport",
            RunType::FullSynchronisation => "FullSynchronisation",
            RunType::DeltaSynchronisation => "DeltaSynchronisation",
            RunType::Export => "Export",
        }
    }

    /// Parses a wire name case-insensitively, as System.Text.Json's enum converter does.
    pub fn parse(text: &str) -> Option<RunType> {
        RunType::ALL
            .into_iter()
            .find(|run_type| run_type.name().eq_ignore_ascii_case(text))
    }

    /// Returns the display name the initial estate gives a profile of this type.
    pub fn display_name(self) -> &'static str {
        match self {
            RunType::FullImport => "Full Import",
            RunType::DeltaImport => "Delta Import",
            RunType::FullSynchronisation => "Full Synchronisation",
            RunType::DeltaSynchronisation => "Delta Synchronisation",
            RunType::Export => "Export",
        }
    }

    /// Returns whether the run reads from the connector (a full or delta import).
    pub fn is_import(self) -> bool {
        matches!(self, RunType::FullImport | RunType::DeltaImport)
    }

    /// Returns whether the run is a full or delta synchronisation.
    pub fn is_synchronisation(self) -> bool {
        matches!(
            self,
            RunType::FullSynchronisation | RunType::DeltaSynchronisation
        )
    }
}

/// A container (an organisational unit or similar) inside a Partition.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub id: i32,
    pub name: String,
    pub external_id: String,
    pub selected: bool,
    pub child_containers: Vec<Container>,
}

/// A Partition of a Connected System, such as an Active Directory naming context.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    pub id: i32,
    pub name: String,
    pub external_id: String,
    pub selected: bool,
    pub connected_system_id: i32,
    pub containers: Vec<Container>,
}

/// A Connected System with everything the list and detail views show.
#[derive(Debug, Clone)]
pub struct ConnectedSystem {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    pub status: &'static str,
    pub object_count: u64,
    pub pending_export_count: u64,
    pub connector_id: i32,
    pub connector_name: String,
    pub partitions: Vec<Partition>,
}

/// A Run Profile as stored; the wire view adds the partition's name and selection.
#[derive(Debug, Clone)]
pub struct RunProfile {
    pub id: i32,
    pub name: String,
    pub connected_system_id: i32,
    pub run_type: RunType,
    pub page_size: i32,
    pub partition_id: Option<i32>,
    pub file_path: Option<String>,
    pub verify_import_content_hashes: bool,
}
