//! What RDS.38, RDS.39 and RDS.41 share: an instance's DB parameter groups must be applied (`in-sync`)
//! and must require encrypted connections through one parameter.
//!
//! The parameter values come from the `rds.db-parameter-group` lookup ([`DbParameterGroup`]),
//! answered by the shell with DescribeDBParameters: every parameter the group gives a value (set
//! by the user, by the engine default or by the system); a parameter without a value is absent.
//! The offline CLI cannot answer it, so these rules are undetermined there.

use crate::lookups::rds::DbParameterGroup;
use crate::lookups::{LookupAnswer, LookupKey, Lookups};
use crate::resources::rds_instance::DbInstance;
use crate::verdict::{Evidence, Verdict};

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
                    .map(|g| DbParameterGroup::key(g.name.clone()).untyped())
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
            let answer = match lookups.get(&DbParameterGroup::key(group.name.clone())) {
                Ok(answer) => answer,
                Err(undetermined) => return undetermined,
            };
            let value = answer.parameters.get(self.parameter).map(String::as_str);
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
