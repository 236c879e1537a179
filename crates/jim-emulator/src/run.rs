//! The simulation of a run: which phases a run type declares, where each sits on the run's
//! timeline, and what the run looks like at a given moment of wall-clock time.
//!
//! A run's plan is laid out on a scale from 0 to 1. A run that completes walks the whole
//! scale over its run time. A run that fails or is cancelled walks only up to [`STOP_POINT`]
//! in the same time, so every run reaches its final status after its run time.

use serde::Serialize;

use crate::model::RunType;

/// The position on the plan's scale where a failing or cancelled run stops.
pub const STOP_POINT: f64 = 0.6;

/// The status of an Activity, named as on the wire. JIM also has `NotSet`, for an Activity
/// the worker has not picked up yet; the emulator starts every run at once and never sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ActivityStatus {
    InProgress,
    Complete,
    CompleteWithWarning,
    CompleteWithError,
    FailedWithError,
    Cancelled,
    /// Not a JIM status: a stand-in for a final status added to JIM after this emulator, so
    /// that tests can check that a client never takes a status it does not know for success.
    /// Only the outcome control route produces it.
    Suspended,
}

impl ActivityStatus {
    /// Parses a final status name, as the outcome control route takes it.
    pub fn parse_final(text: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Complete,
            ActivityStatus::CompleteWithWarning,
            ActivityStatus::CompleteWithError,
            ActivityStatus::FailedWithError,
            ActivityStatus::Cancelled,
            ActivityStatus::Suspended,
        ]
        .into_iter()
        .find(|status| format!("{status:?}") == text)
    }

    /// Returns whether a run ending with this status stops part-way through its plan.
    pub fn stops_early(self) -> bool {
        matches!(
            self,
            ActivityStatus::FailedWithError | ActivityStatus::Cancelled | ActivityStatus::Suspended
        )
    }
}

/// The status of one phase of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PhaseStatus {
    Pending,
    Active,
    Completed,
    Skipped,
    Failed,
}

/// One phase of a run type's plan, placed on the plan's 0..1 scale.
#[derive(Debug, Clone)]
pub struct PlannedPhase {
    pub key: &'static str,
    pub name: &'static str,
    pub parent_key: Option<&'static str>,
    pub order: usize,
    pub start: f64,
    pub end: f64,
    /// A phase this run does not need; it turns `Skipped` when the run reaches it.
    pub skipped: bool,
}

impl PlannedPhase {
    /// Returns whether the phase is counted by `totalPhases` and `currentPhaseNumber`.
    pub fn is_top_level(&self) -> bool {
        self.parent_key.is_none()
    }

    /// Returns the phase's status at `position` on the plan's scale.
    ///
    /// `stop` is set for a finished run that stopped early: the phase that was running at
    /// the stop point gets `interrupted`, and later phases stay `Pending`.
    pub fn status_at(&self, position: f64, stop: Option<(f64, PhaseStatus)>) -> PhaseStatus {
        if let Some((stop_point, interrupted)) = stop {
            if self.start > stop_point || (self.skipped && self.start == stop_point) {
                return PhaseStatus::Pending;
            }
            if self.end > stop_point && !self.skipped {
                return interrupted;
            }
        }
        if position < self.start {
            PhaseStatus::Pending
        } else if self.skipped {
            PhaseStatus::Skipped
        } else if position < self.end {
            PhaseStatus::Active
        } else {
            PhaseStatus::Completed
        }
    }
}

/// A top-level phase of a plan before placement: key, name, relative weight and whether the
/// run skips it.
struct Step {
    key: &'static str,
    name: &'static str,
    weight: f64,
    skipped: bool,
    /// Phases nested under this one: key, name and their span as fractions of the parent.
    children: &'static [(&'static str, &'static str, f64, f64)],
}

const fn step(key: &'static str, name: &'static str, weight: f64) -> Step {
    Step {
        key,
        name,
        weight,
        skipped: false,
        children: &[],
    }
}

/// Returns the phases a run of this type declares, in order, placed on the 0..1 scale.
pub fn plan(run_type: RunType) -> Vec<PlannedPhase> {
    let steps: Vec<Step> = if run_type.is_import() {
        vec![
            step("import.connect", "Connecting to Connected System", 1.0),
            Step {
                children: &[
                    (
                        "connector:read",
                        "Reading objects from the connector",
                        0.0,
                        0.7,
                    ),
                    ("import.process", "Processing imported objects", 0.3, 1.0),
                ],
                ..step("import.fetch", "Importing objects", 6.0)
            },
            Step {
                skipped: run_type == RunType::DeltaImport,
                ..step("import.deletions", "Processing deletions", 1.0)
            },
            step("import.references", "Resolving references", 1.0),
            step("import.save", "Saving changes", 1.0),
            step("import.reconcile", "Reconciling Pending Exports", 0.5),
            step("import.record", "Recording results", 0.5),
        ]
    } else if run_type.is_synchronisation() {
        vec![
            step("sync.prepare", "Preparing", 1.0),
            step("sync.process", "Processing Connected System Objects", 7.0),
            step(
                "sync.crosspagereferences",
                "Resolving cross-page references",
                1.0,
            ),
            Step {
                skipped: true,
                ..step("sync.scopereview", "Reviewing export scope", 1.0)
            },
        ]
    } else {
        vec![
            step("export.prepare", "Preparing export", 1.0),
            Step {
                children: &[(
                    "connector:write",
                    "Writing changes to the connector",
                    0.0,
                    1.0,
                )],
                ..step("export.execute", "Exporting", 6.0)
            },
            Step {
                skipped: true,
                ..step("export.deferred", "Exporting deferred changes", 1.0)
            },
            step(
                "export.references",
                "Resolving change history references",
                1.0,
            ),
            step("export.containers", "Selecting new containers", 0.5),
            step("export.passwords", "Delivering initial passwords", 0.5),
        ]
    };
    place(&steps)
}

fn place(steps: &[Step]) -> Vec<PlannedPhase> {
    let total_weight: f64 = steps
        .iter()
        .filter(|step| !step.skipped)
        .map(|step| step.weight)
        .sum();
    let mut phases = Vec::new();
    let mut position = 0.0;
    for step in steps {
        let width = if step.skipped {
            0.0
        } else {
            step.weight / total_weight
        };
        let start = position;
        let end = position + width;
        phases.push(PlannedPhase {
            key: step.key,
            name: step.name,
            parent_key: None,
            order: phases.len() + 1,
            start,
            end,
            skipped: step.skipped,
        });
        for (key, name, from, to) in step.children {
            phases.push(PlannedPhase {
                key,
                name,
                parent_key: Some(step.key),
                order: phases.len() + 1,
                start: start + width * from,
                end: start + width * to,
                skipped: false,
            });
        }
        position = end;
    }
    // Rounding must not leave the last phase short of the end of the run.
    if let Some(last) = phases.iter_mut().rev().find(|phase| !phase.skipped) {
        last.end = 1.0;
    }
    phases
}

/// Returns the key of the phase whose span drives `objectsProcessed`.
pub fn work_phase_key(run_type: RunType) -> &'static str {
    if run_type.is_import() {
        "import.fetch"
    } else if run_type.is_synchronisation() {
        "sync.process"
    } else {
        "export.execute"
    }
}

/// Returns the change types this run type reports in `operationCounts`, `NoChange` last.
pub fn operation_names(run_type: RunType) -> &'static [&'static str] {
    if run_type.is_import() {
        &["Added", "Updated", "Deleted", "NoChange"]
    } else if run_type.is_synchronisation() {
        &[
            "Projected",
            "Joined",
            "AttributeFlow",
            "Disconnected",
            "DisconnectedOutOfScope",
            "OutOfScopeRetainJoin",
            "DriftCorrection",
            "PendingExport",
            "NoChange",
        ]
    } else {
        &["Exported", "Deprovisioned", "NoChange"]
    }
}

/// Returns how many of `objects` each change type gets by the end of a run, in the order of
/// [`operation_names`]; `NoChange` takes the remainder.
pub fn final_operation_counts(run_type: RunType, objects: u64) -> Vec<u64> {
    let per_thousand: &[u64] = match run_type {
        RunType::FullImport => &[40, 120, 10],
        RunType::DeltaImport => &[100, 600, 20],
        RunType::FullSynchronisation | RunType::DeltaSynchronisation => {
            &[30, 20, 250, 10, 5, 2, 10, 80]
        }
        RunType::Export => &[900, 100],
    };
    let mut counts: Vec<u64> = per_thousand
        .iter()
        .map(|share| objects * share / 1000)
        .collect();
    let assigned: u64 = counts.iter().sum();
    counts.push(objects.saturating_sub(assigned));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_has_seven_top_level_phases() {
        let phases = plan(RunType::FullImport);
        let top: Vec<_> = phases.iter().filter(|p| p.is_top_level()).collect();
        assert_eq!(top.len(), 7);
        assert_eq!(top[0].key, "import.connect");
        let process = phases.iter().find(|p| p.key == "import.process").unwrap();
        assert_eq!(process.parent_key, Some("import.fetch"));
    }

    #[test]
    fn delta_import_skips_deletions() {
        let phases = plan(RunType::DeltaImport);
        let deletions = phases.iter().find(|p| p.key == "import.deletions").unwrap();
        assert!(deletions.skipped);
        assert_eq!(deletions.status_at(1.0, None), PhaseStatus::Skipped);
    }

    #[test]
    fn phases_end_at_one() {
        for run_type in RunType::ALL {
            let phases = plan(run_type);
            let end = phases.iter().map(|p| p.end).fold(0.0, f64::max);
            assert!((end - 1.0).abs() < 1e-9, "{run_type:?}");
        }
    }

    #[test]
    fn counts_add_up_to_objects() {
        for run_type in RunType::ALL {
            let counts = final_operation_counts(run_type, 1234);
            assert_eq!(counts.iter().sum::<u64>(), 1234);
            assert_eq!(counts.len(), operation_names(run_type).len());
        }
    }
}
