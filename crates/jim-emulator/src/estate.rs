//! The initial estate: the Connected Systems, Partitions and Run Profiles the emulator starts
//! with, and the store that contains them while it runs.
//!
//! The module's tests and demo rely on the ids and names built here, so change them only
//! together with those tests.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::model::{ConnectedSystem, Container, Partition, RunProfile, RunType};

/// The Connected Systems and Run Profiles, keyed by id.
#[derive(Debug, Clone)]
pub struct Estate {
    pub systems: BTreeMap<i32, ConnectedSystem>,
    pub run_profiles: BTreeMap<i32, RunProfile>,
    /// The highest Run Profile id handed out so far; ids are never reused.
    pub last_run_profile_id: i32,
}

/// The size of the synthetic part of the estate, taken from the command line.
#[derive(Debug, Clone, Copy)]
pub struct EstateSize {
    pub extra_systems: u32,
    pub profiles_per_system: u32,
}

impl Estate {
    /// Builds the fixed estate followed by `size.extra_systems` synthetic systems.
    pub fn initial(size: EstateSize) -> Estate {
        let mut estate = Estate {
            systems: BTreeMap::new(),
            run_profiles: BTreeMap::new(),
            last_run_profile_id: 0,
        };
        estate.add_fixed_systems();
        for index in 0..size.extra_systems {
            estate.add_synthetic_system(index, size.profiles_per_system);
        }
        estate
    }

    /// Finds the partition with this id on any system.
    pub fn partition(&self, partition_id: i32) -> Option<&Partition> {
        self.systems
            .values()
            .flat_map(|system| system.partitions.iter())
            .find(|partition| partition.id == partition_id)
    }

    /// Finds the partition with this id on any system, for a change.
    pub fn partition_mut(&mut self, partition_id: i32) -> Option<&mut Partition> {
        self.systems
            .values_mut()
            .flat_map(|system| system.partitions.iter_mut())
            .find(|partition| partition.id == partition_id)
    }

    /// Lists the Run Profiles of one system in id order.
    pub fn run_profiles_of(&self, connected_system_id: i32) -> Vec<&RunProfile> {
        self.run_profiles
            .values()
            .filter(|profile| profile.connected_system_id == connected_system_id)
            .collect()
    }

    /// Stores a new Run Profile under the next free id and returns that id.
    pub fn insert_run_profile(&mut self, mut profile: RunProfile) -> i32 {
        self.last_run_profile_id += 1;
        profile.id = self.last_run_profile_id;
        self.run_profiles.insert(profile.id, profile);
        self.last_run_profile_id
    }

    fn add_profile(&mut self, system_id: i32, name: &str, run_type: RunType) -> i32 {
        self.insert_run_profile(RunProfile {
            id: 0,
            name: name.to_string(),
            connected_system_id: system_id,
            run_type,
            page_size: 100,
            partition_id: None,
            file_path: None,
            verify_import_content_hashes: false,
        })
    }

    fn add_standard_profiles(&mut self, system_id: i32, run_types: &[RunType]) {
        for run_type in run_types {
            self.add_profile(system_id, run_type.display_name(), *run_type);
        }
    }

    fn add_fixed_systems(&mut self) {
        use RunType::*;

        let mut active_directory = system(
            1,
            "Active Directory",
            "The corporate Active Directory forest: employees, groups and service accounts.",
            (1, "Microsoft Active Directory"),
            date(2025, 3, 14),
            (12_480, 37),
        );
        active_directory.partitions = vec![
            partition(
                2,
                "DC=corp,DC=example,DC=com",
                1,
                &["OU=Users", "OU=Groups", "OU=Service Accounts"],
                100,
            ),
            partition(
                3,
                "DC=uk,DC=corp,DC=example,DC=com",
                1,
                &["OU=Users", "OU=Groups", "OU=Leavers"],
                200,
            ),
        ];
        self.systems.insert(1, active_directory);
        self.add_standard_profiles(
            1,
            &[
                FullImport,
                DeltaImport,
                FullSynchronisation,
                DeltaSynchronisation,
                Export,
            ],
        );
        let uk_import = self.add_profile(1, "Delta Import (UK)", DeltaImport);
        if let Some(profile) = self.run_profiles.get_mut(&uk_import) {
            profile.partition_id = Some(3);
        }

        self.systems.insert(
            2,
            system(
                2,
                "HR Database",
                "The HR system of record for employees, departments and managers.",
                (2, "SQL Server"),
                date(2025, 3, 20),
                (8_215, 0),
            ),
        );
        self.add_standard_profiles(
            2,
            &[
                FullImport,
                DeltaImport,
                FullSynchronisation,
                DeltaSynchronisation,
            ],
        );

        self.systems.insert(
            3,
            system(
                3,
                "Contractors CSV Feed",
                "A nightly CSV file of contractors supplied by the staffing agency.",
                (3, "File"),
                date(2025, 6, 2),
                (642, 5),
            ),
        );
        let contractors_import = self.add_profile(3, "Full Import", FullImport);
        self.add_profile(3, "Full Synchronisation", FullSynchronisation);
        let contractors_export = self.add_profile(3, "Export", Export);
        self.set_file_path(contractors_import, "/var/jim/import/contractors.csv");
        self.set_file_path(contractors_export, "/var/jim/export/contractors.csv");

        self.systems.insert(
            4,
            system(
                4,
                "Entra ID",
                "The Microsoft Entra ID tenant for cloud identities and licences.",
                (4, "Microsoft Graph"),
                date(2025, 9, 8),
                (13_054, 21),
            ),
        );
        self.add_standard_profiles(
            4,
            &[
                FullImport,
                DeltaImport,
                FullSynchronisation,
                DeltaSynchronisation,
                Export,
            ],
        );
    }

    fn set_file_path(&mut self, run_profile_id: i32, file_path: &str) {
        if let Some(profile) = self.run_profiles.get_mut(&run_profile_id) {
            profile.file_path = Some(file_path.to_string());
        }
    }

    fn add_synthetic_system(&mut self, index: u32, profiles_per_system: u32) {
        const CONNECTORS: [(i32, &str); 4] = [
            (1, "Microsoft Active Directory"),
            (2, "SQL Server"),
            (3, "File"),
            (4, "Microsoft Graph"),
        ];
        let id = 5 + index as i32;
        let connector = CONNECTORS[index as usize % CONNECTORS.len()];
        let created = date(2026, 1, 1) + Duration::hours(i64::from(index));
        let object_count = 500 + u64::from(index % 97) * 37;
        let pending_exports = u64::from(index % 7);
        let name = format!("Synthetic System {id:04}");
        let description = format!("A generated Connected System, number {}.", index + 1);
        self.systems.insert(
            id,
            system(
                id,
                &name,
                &description,
                connector,
                created,
                (object_count, pending_exports),
            ),
        );
        for number in 0..profiles_per_system {
            let run_type = RunType::ALL[number as usize % RunType::ALL.len()];
            let name = format!("{} {:02}", run_type.display_name(), number + 1);
            self.add_profile(id, &name, run_type);
        }
    }
}

fn date(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

fn system(
    id: i32,
    name: &str,
    description: &str,
    (connector_id, connector_name): (i32, &str),
    created: DateTime<Utc>,
    (object_count, pending_export_count): (u64, u64),
) -> ConnectedSystem {
    ConnectedSystem {
        id,
        name: name.to_string(),
        description: description.to_string(),
        created,
        last_updated: created + Duration::days(30),
        status: "Active",
        object_count,
        pending_export_count,
        connector_id,
        connector_name: connector_name.to_string(),
        partitions: Vec::new(),
    }
}

fn partition(
    id: i32,
    name: &str,
    connected_system_id: i32,
    containers: &[&str],
    first_container_id: i32,
) -> Partition {
    let containers = containers
        .iter()
        .zip(first_container_id..)
        .map(|(container, container_id)| Container {
            id: container_id,
            name: container.trim_start_matches("OU=").to_string(),
            external_id: format!("{container},{name}"),
            selected: true,
            child_containers: Vec::new(),
        })
        .collect();
    Partition {
        id,
        name: name.to_string(),
        external_id: name.to_string(),
        selected: true,
        connected_system_id,
        containers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_profile_ids_follow_listing_order() {
        let estate = Estate::initial(EstateSize {
            extra_systems: 0,
            profiles_per_system: 10,
        });
        let names: Vec<(i32, i32, &str)> = estate
            .run_profiles
            .values()
            .map(|p| (p.id, p.connected_system_id, p.name.as_str()))
            .collect();
        assert_eq!(names.len(), 18);
        assert_eq!(names[0], (1, 1, "Full Import"));
        assert_eq!(names[5], (6, 1, "Delta Import (UK)"));
        assert_eq!(names[6], (7, 2, "Full Import"));
        assert_eq!(names[10], (11, 3, "Full Import"));
        assert_eq!(names[13], (14, 4, "Full Import"));
        assert_eq!(names[17], (18, 4, "Export"));
        assert_eq!(estate.run_profiles[&6].partition_id, Some(3));
    }

    #[test]
    fn synthetic_systems_follow_fixed_ones() {
        let estate = Estate::initial(EstateSize {
            extra_systems: 3,
            profiles_per_system: 7,
        });
        assert_eq!(estate.systems.len(), 7);
        assert_eq!(estate.systems[&5].name, "Synthetic System 0005");
        assert_eq!(estate.run_profiles_of(7).len(), 7);
        assert_eq!(estate.run_profiles[&19].name, "Full Import 01");
        assert_eq!(estate.run_profiles[&25].name, "Delta Import 07");
        assert_eq!(estate.last_run_profile_id, 18 + 21);
    }
}
