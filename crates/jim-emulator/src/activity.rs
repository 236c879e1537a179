//! Activities: the record of one run of a Run Profile, and the progress and detail views the
//! API returns for it at a given moment.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::model::RunType;
use crate::run::{self, ActivityStatus, PhaseStatus, PlannedPhase, STOP_POINT};
use crate::time::{format_date, format_time_span};

/// One execution of a Run Profile.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: Uuid,
    pub task_id: Uuid,
    pub run_profile_id: i32,
    pub run_profile_name: String,
    pub connected_system_id: i32,
    pub connected_system_name: String,
    pub run_type: RunType,
    pub created: DateTime<Utc>,
    /// Seconds from start to final status.
    pub run_seconds: f64,
    pub final_status: ActivityStatus,
    /// Objects the run expects to work through once it has connected.
    pub objects: u64,
    /// Objects found beyond `objects` while working; `objectsToProcess` catches up with them
    /// only when the work phase ends.
    pub extra_objects: u64,
    pub initiated_by_type: &'static str,
    pub initiated_by_name: String,
}

/// An Activity's state at one moment.
struct Snapshot {
    status: ActivityStatus,
    finished: bool,
    elapsed_seconds: f64,
    position: f64,
    objects_to_process: u64,
    objects_processed: u64,
    counts: Vec<u64>,
    errors: u64,
}

impl Activity {
    /// Returns whether the run has not yet reached its final status at `now`.
    pub fn is_running(&self, now: DateTime<Utc>) -> bool {
        self.elapsed_seconds(now) < self.run_seconds
    }

    fn elapsed_seconds(&self, now: DateTime<Utc>) -> f64 {
        let elapsed = now - self.created;
        elapsed.num_microseconds().unwrap_or(i64::MAX) as f64 / 1_000_000.0
    }

    fn ended(&self) -> DateTime<Utc> {
        self.time_at_seconds(self.run_seconds)
    }

    fn time_at_seconds(&self, seconds: f64) -> DateTime<Utc> {
        self.created + Duration::microseconds((seconds * 1_000_000.0) as i64)
    }

    /// Returns the wall-clock time at which the run reaches `position` on its plan.
    fn time_at_position(&self, position: f64) -> DateTime<Utc> {
        let scale = if self.final_status.stops_early() {
            STOP_POINT
        } else {
            1.0
        };
        self.time_at_seconds(self.run_seconds * position / scale)
    }

    fn snapshot(&self, plan: &[PlannedPhase], now: DateTime<Utc>) -> Snapshot {
        let elapsed = self.elapsed_seconds(now).clamp(0.0, self.run_seconds);
        let finished = elapsed >= self.run_seconds;
        let fraction = if self.run_seconds > 0.0 {
            elapsed / self.run_seconds
        } else {
            1.0
        };
        let position = if self.final_status.stops_early() {
            fraction * STOP_POINT
        } else {
            fraction
        };

        // Objects are counted through the work phase; the estimate is known once it starts.
        let work_key = run::work_phase_key(self.run_type);
        let (work_start, work_end) = plan
            .iter()
            .find(|phase| phase.key == work_key)
            .map_or((0.0, 1.0), |phase| (phase.start, phase.end));
        let total_objects = self.objects + self.extra_objects;
        let objects_to_process = if position >= work_end {
            total_objects
        } else if position >= work_start {
            self.objects
        } else {
            0
        };
        let work_share = ((position - work_start) / (work_end - work_start)).clamp(0.0, 1.0);
        let objects_processed = (total_objects as f64 * work_share).floor() as u64;
        let counts = run::final_operation_counts(self.run_type, total_objects)
            .into_iter()
            .map(|count| {
                (count * objects_processed)
                    .checked_div(total_objects)
                    .unwrap_or(0)
            })
            .collect();

        let errors = match self.final_status {
            ActivityStatus::CompleteWithError if finished => (total_objects / 200).max(1),
            ActivityStatus::FailedWithError if finished => 1,
            _ => 0,
        };
        let status = if finished {
            self.final_status
        } else {
            ActivityStatus::InProgress
        };
        Snapshot {
            status,
            finished,
            elapsed_seconds: elapsed,
            position,
            objects_to_process,
            objects_processed,
            counts,
            errors,
        }
    }

    fn message(&self, snapshot: &Snapshot, plan: &[PlannedPhase]) -> String {
        if !snapshot.finished {
            return plan
                .iter()
                .rev()
                .find(|phase| phase.status_at(snapshot.position, None) == PhaseStatus::Active)
                .map_or("Queued", |phase| phase.name)
                .to_string();
        }
        match self.final_status {
            ActivityStatus::CompleteWithWarning => "Completed with warnings".to_string(),
            ActivityStatus::CompleteWithError => {
                format!("Completed with {} errors", snapshot.errors)
            }
            ActivityStatus::FailedWithError => "Failed".to_string(),
            ActivityStatus::Cancelled => "Cancelled".to_string(),
            ActivityStatus::Suspended => "Suspended".to_string(),
            _ => "Completed".to_string(),
        }
    }

    fn warning_message(&self, snapshot: &Snapshot) -> Option<String> {
        (snapshot.finished && self.final_status == ActivityStatus::CompleteWithWarning).then(|| {
            "2 objects were imported without an anchor attribute value and were left \
             unjoined."
                .to_string()
        })
    }

    fn error_message(&self, snapshot: &Snapshot, plan: &[PlannedPhase]) -> Option<String> {
        if !snapshot.finished {
            return None;
        }
        match self.final_status {
            ActivityStatus::CompleteWithError => Some(format!(
                "{} objects could not be processed; see the activity's run items for details.",
                snapshot.errors
            )),
            ActivityStatus::FailedWithError => {
                let phase = plan
                    .iter()
                    .find(|phase| {
                        phase.is_top_level() && phase.start <= STOP_POINT && phase.end > STOP_POINT
                    })
                    .map_or("the run", |phase| phase.name);
                Some(format!(
                    "The connection to '{}' was lost during '{}': the remote host did not \
                     respond within 30 seconds.",
                    self.connected_system_name, phase
                ))
            }
            ActivityStatus::Cancelled => Some("The run was cancelled by an administrator.".into()),
            _ => None,
        }
    }

    fn phases_json(&self, plan: &[PlannedPhase], snapshot: &Snapshot) -> Vec<Value> {
        let stop = (snapshot.finished && self.final_status.stops_early()).then(|| {
            let interrupted = if self.final_status == ActivityStatus::FailedWithError {
                PhaseStatus::Failed
            } else {
                PhaseStatus::Skipped
            };
            (STOP_POINT, interrupted)
        });
        plan.iter()
            .map(|phase| {
                let status = phase.status_at(snapshot.position, stop);
                let started = match status {
                    PhaseStatus::Pending | PhaseStatus::Skipped => None,
                    _ => Some(self.time_at_position(phase.start)),
                };
                let ended = match status {
                    PhaseStatus::Completed => Some(self.time_at_position(phase.end)),
                    PhaseStatus::Failed => Some(self.ended()),
                    _ => None,
                };
                let duration = match (started, ended) {
                    (Some(started), Some(ended)) => {
                        let micros = (ended - started).num_microseconds().unwrap_or(0);
                        Some(micros as f64 / 1_000_000.0)
                    }
                    _ => None,
                };
                json!({
                    "key": phase.key,
                    "name": phase.name,
                    "parentKey": phase.parent_key,
                    "order": phase.order,
                    "status": status,
                    "started": started.map(format_date),
                    "ended": ended.map(format_date),
                    "durationSeconds": duration,
                })
            })
            .collect()
    }

    /// Builds the `GET /api/v1/activities/{id}/progress` view at `now`.
    pub fn progress_json(&self, now: DateTime<Utc>) -> Value {
        let plan = run::plan(self.run_type);
        let snapshot = self.snapshot(&plan, now);
        let mut operation_counts = Map::new();
        for (name, count) in run::operation_names(self.run_type)
            .iter()
            .zip(&snapshot.counts)
        {
            operation_counts.insert((*name).to_string(), json!(count));
        }
        let top_level: Vec<&PlannedPhase> =
            plan.iter().filter(|phase| phase.is_top_level()).collect();
        let current = (!snapshot.finished)
            .then(|| {
                top_level.iter().enumerate().find(|(_, phase)| {
                    phase.status_at(snapshot.position, None) == PhaseStatus::Active
                })
            })
            .flatten();
        let percent_complete = if snapshot.finished && !self.final_status.stops_early() {
            Some(100)
        } else {
            (snapshot.objects_processed * 100)
                .checked_div(snapshot.objects_to_process)
                .map(|percent| percent.min(100))
        };
        let objects_per_second = (snapshot.elapsed_seconds > 0.0 && snapshot.objects_processed > 0)
            .then(|| {
                let rate = snapshot.objects_processed as f64 / snapshot.elapsed_seconds;
                (rate * 10.0).round() / 10.0
            });
        let remaining = (!snapshot.finished).then(|| {
            let seconds = self.run_seconds - snapshot.elapsed_seconds;
            (seconds * 10.0).round() / 10.0
        });
        json!({
            "id": self.id,
            "status": snapshot.status,
            "message": self.message(&snapshot, &plan),
            "objectsProcessed": snapshot.objects_processed,
            "objectsToProcess": snapshot.objects_to_process,
            "percentComplete": percent_complete,
            "elapsedSeconds": (snapshot.elapsed_seconds * 1000.0).round() / 1000.0,
            "objectsPerSecond": objects_per_second,
            "estimatedSecondsRemaining": remaining,
            "targetType": "ConnectedSystemRunProfile",
            "runType": self.run_type,
            "operationCounts": operation_counts,
            "totalErrors": snapshot.errors,
            "retrievedAt": format_date(now),
            "phases": self.phases_json(&plan, &snapshot),
            "currentPhase": current.map(|(_, phase)| phase.name),
            "currentPhaseNumber": current.map(|(index, _)| index + 1),
            "totalPhases": top_level.len(),
        })
    }

    /// Builds the full `GET /api/v1/activities/{id}` record at `now`.
    pub fn record_json(&self, now: DateTime<Utc>) -> Value {
        let plan = run::plan(self.run_type);
        let snapshot = self.snapshot(&plan, now);
        let count_of = |name: &str| -> u64 {
            run::operation_names(self.run_type)
                .iter()
                .position(|candidate| *candidate == name)
                .map_or(0, |index| snapshot.counts[index])
        };
        let execution_time = snapshot
            .finished
            .then(|| format_time_span(self.run_seconds));
        json!({
            "id": self.id,
            "parentActivityId": null,
            "created": format_date(self.created),
            "executed": format_date(self.created),
            "status": snapshot.status,
            "targetType": "ConnectedSystemRunProfile",
            "targetOperationType": "Execute",
            "targetName": self.run_profile_name,
            "targetContext": self.connected_system_name,
            "message": self.message(&snapshot, &plan),
            "initiatedByType": self.initiated_by_type,
            "initiatedByName": self.initiated_by_name,
            "objectsToProcess": snapshot.objects_to_process,
            "objectsProcessed": snapshot.objects_processed,
            "executionTime": execution_time,
            "totalActivityTime": execution_time,
            "warningMessage": self.warning_message(&snapshot),
            "errorMessage": self.error_message(&snapshot, &plan),
            "connectedSystemId": self.connected_system_id,
            "connectedSystemRunProfileId": self.run_profile_id,
            "runType": self.run_type,
            "taskId": self.task_id,
            "totalAdded": count_of("Added"),
            "totalUpdated": count_of("Updated"),
            "totalDeleted": count_of("Deleted"),
            "totalExported": count_of("Exported"),
            "totalDeprovisioned": count_of("Deprovisioned"),
            "totalProjected": count_of("Projected"),
            "totalJoined": count_of("Joined"),
            "totalAttributeFlow": count_of("AttributeFlow"),
            "totalDisconnected": count_of("Disconnected"),
            "totalPendingExports": count_of("PendingExport"),
            "totalNoChange": count_of("NoChange"),
            "totalErrors": snapshot.errors,
        })
    }
}
