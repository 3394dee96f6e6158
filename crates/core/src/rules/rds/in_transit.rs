//! What RDS.38, RDS.39 and RDS.41 share: an instance's DB parameter groups must be applied (`in-sync`)
//! and must require encrypted connections through one parameter.
//!
//! The parameter values come from the lookup kind [`PARAMETER_GROUP`], answered by the shell
//! with DescribeDBParameters. Its answer is a JSON object
//! `{"parameters": {"<parameter name>": "<value>", ...}}` holding every parameter the group gives
//! a value (set by the user, by the engine default or by the system); a parameter without a value
//! is absent. The offline CLI cannot answer it, so these rules are undetermined there.

use crate::lookups::{LookupKey, Lookups};
use crate::resources::rds_instance::DbInstance;
use crate::verdict::{Evidence, Verdict};

/// The lookup kind for an RDS DB parameter group's parameter values; the id is the group's name.
pub const PARAMETER_GROUP: &str = "rds.db-parameter-group";

/// One engine's in-transit requirement.
pub(crate) struct Requirement {
    /// The control, for messages.
    pub control: &'static str,
    /// The engines it applies to, as RDS names them (`postgres`; `mysql`; `sqlserver-ee`, ...).
    pub engines: &'static [&'static str],
    /// The parameter that must require TLS.
    pub parameter: &'static str,
    /// The values that mean "required" (compared without case).
    pub accepted: &'static [&'static str],
}

impl Requirement {
    /// Whether the requirement applies to this engine.
    fn applies_to(&self, engine: &str) -> bool {
        self.engines.contains(&engine)
    }

    /// The lookups the rule needs for this instance: its parameter groups, when the engine is
    /// the requirement's (or unknown).
    pub fn lookups(&self, db: &DbInstance) -> Vec<LookupKey> {
        if db.engine.get().is_some_and(|e| !self.applies_to(e)) {
            return Vec::new();
        }
        db.parameter_groups
            .get()
            .map(|groups| {
                groups
                    .iter()
                    .map(|g| LookupKey::new(PARAMETER_GROUP, g.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The verdict for one instance.
    pub fn evaluate(&self, db: &DbInstance, lookups: &Lookups) -> Verdict {
        match db.engine.get() {
            None => return Verdict::undetermined(["engine"]),
            Some(e) if !self.applies_to(e) => {
                return Verdict::not_applicable(format!(
                    "{} evaluates {} instances, not {e}",
                    self.control,
                    self.engines.join(" / ")
                ))
            }
            Some(_) => {}
        }
        match db.cluster_identifier.get() {
            None => return Verdict::undetermined(["dBClusterIdentifier"]),
            Some(Some(cluster)) => {
                return Verdict::not_applicable(format!(
                    "the instance belongs to DB cluster {cluster}; {} does not evaluate cluster members",
                    self.control
                ))
            }
            Some(None) => {}
        }
        let groups = match db.parameter_groups.get() {
            Some(groups) if !groups.is_empty() => groups,
            _ => return Verdict::undetermined(["dBParameterGroups"]),
        };
        let mut required_in = Vec::new();
        for group in groups {
            match group.apply_status.as_deref() {
                Some("in-sync") => {}
                Some(status) => {
                    return Verdict::failed(
                        format!(
                            "parameter group {} is {status}: its settings are not applied to the instance",
                            group.name
                        ),
                        vec![Evidence::new("dBParameterGroups.parameterApplyStatus", status)],
                    )
                }
                None => return Verdict::undetermined(["dBParameterGroups.parameterApplyStatus"]),
            }
            let key = LookupKey::new(PARAMETER_GROUP, group.name.clone());
            let answer = match lookups.get(&key) {
                Ok(answer) => answer,
                Err(undetermined) => return undetermined,
            };
            let value = answer
                .get("parameters")
                .and_then(|p| p.get(self.parameter))
                .and_then(serde_json::Value::as_str);
            match value {
                Some(v) if self.accepted.iter().any(|a| a.eq_ignore_ascii_case(v)) => {
                    required_in.push(group.name.as_str());
                }
                other => {
                    return Verdict::failed(
                        format!(
                            "parameter group {} does not require encrypted connections ({} is {})",
                            group.name,
                            self.parameter,
                            other.unwrap_or("not set")
                        ),
                        vec![Evidence::new(self.parameter, other.unwrap_or("not set"))],
                    )
                }
            }
        }
        Verdict::passed(format!(
            "{} requires encrypted connections ({} = {})",
            required_in.join(", "),
            self.parameter,
            self.accepted[0]
        ))
    }
}
