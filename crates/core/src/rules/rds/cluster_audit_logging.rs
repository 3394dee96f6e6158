//! FSBP RDS.45 — Aurora MySQL DB clusters should have audit logging enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.45]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-45>), AWS Config
//! rule `aurora-mysql-cluster-audit-logging` (periodic, no parameters): the control fails if the
//! DB parameter group associated with the DB cluster is not in sync, the `server_audit_logging`
//! parameter is not set to `1`, or the `server_audit_events` parameter is set to an empty value.
//!
//! The group is the cluster's DB cluster parameter group (`dbclusterParameterGroup`); whether it
//! is in sync is each member instance's `dbclusterParameterGroupStatus` in the Config item. Its
//! values are looked up (kind `rds.db-cluster-parameter-group`, answered with
//! `DescribeDBClusterParameters`); a parameter without a value is absent from the answer, so an
//! absent `server_audit_events` is an empty one. Without the answer the rule is undetermined.
//! Clusters of other engines are not applicable.

use crate::lookups::rds::DbClusterParameterGroup;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{db_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// RDS.45.
pub struct Rds45;

static META: RuleMeta = RuleMeta {
    id: "rds-aurora-mysql-audit-logging",
    title: "Aurora MySQL DB clusters should have audit logging enabled",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &["RDS.45"],
    gdpr: &["Art. 32(1)(d)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "the Aurora MySQL cluster's DB cluster parameter group is in sync on every member, sets server_audit_logging to 1 and server_audit_events to a non-empty value; other engines are not applicable",
    rationale: "Advanced Auditing records who connected to the database and what they ran. Without it there is no record of which personal data an intruder or an insider read or changed, so a breach can be neither investigated nor reported accurately.",
    remediation: "Use a custom DB cluster parameter group (default groups cannot be changed) with server_audit_logging = 1 and server_audit_events set (e.g. CONNECT,QUERY_DCL,QUERY_DDL), attach it to the cluster and reboot the instances until the group is in sync. CLI: aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name <group> --parameters ParameterName=server_audit_logging,ParameterValue=1,ApplyMethod=immediate 'ParameterName=server_audit_events,ParameterValue=\"CONNECT,QUERY_DCL,QUERY_DDL\",ApplyMethod=immediate'",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Parameter groups > {parameter_group} > Edit > server_audit_logging: 1, server_audit_events: CONNECT,QUERY_DCL,QUERY_DDL > Save changes",
        command: "aws rds modify-db-cluster-parameter-group --region {region} --db-cluster-parameter-group-name {parameter_group} --parameters ParameterName=server_audit_logging,ParameterValue=1,ApplyMethod=immediate 'ParameterName=server_audit_events,ParameterValue=\"CONNECT,QUERY_DCL,QUERY_DDL\",ApplyMethod=immediate'",
        caution: Some("A default group (default.aurora-mysql…) cannot be changed: create a custom DB cluster parameter group, set these two parameters, attach it with aws rds modify-db-cluster --db-cluster-parameter-group-name, and reboot each instance (a short outage per instance) so the group is in sync. Audit logs add some database overhead and log storage cost."),
        inputs: &[crate::fix::Input::ParameterGroup],
    }),
    source: "FSBP RDS.45 (AWS Config rule aurora-mysql-cluster-audit-logging)",
};

/// The engines RDS.45 evaluates: Aurora MySQL (`aurora` is the MySQL 5.6-compatible engine).
fn is_aurora_mysql(engine: &str) -> bool {
    matches!(engine, "aurora" | "aurora-mysql")
}

impl Rule for Rds45 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(c) = db_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.engine.get() {
            None => return Verdict::undetermined(["engine"]),
            Some(e) if !is_aurora_mysql(e) => {
                return Verdict::not_applicable(format!(
                    "RDS.45 evaluates Aurora MySQL clusters, not {e}"
                ))
            }
            Some(_) => {}
        }
        let Some(group) = c.parameter_group.get() else {
            return Verdict::undetermined(["dbclusterParameterGroup"]);
        };
        let Some(statuses) = c.member_parameter_group_statuses.get() else {
            return Verdict::undetermined(["dbclusterMembers.dbclusterParameterGroupStatus"]);
        };
        if let Some(status) = statuses.iter().find(|s| s.as_str() != "in-sync") {
            return Verdict::failed(
                format!(
                    "DB cluster parameter group {group} is {status} on a member instance: its settings are not applied"
                ),
                vec![Evidence::new(
                    "dbclusterMembers.dbclusterParameterGroupStatus",
                    status.as_str(),
                )],
            );
        }
        let answer = match ctx
            .lookups
            .get(&DbClusterParameterGroup::key(group.clone()))
        {
            Ok(answer) => answer,
            Err(undetermined) => return undetermined,
        };
        let logging = answer
            .parameters
            .get("server_audit_logging")
            .map(String::as_str);
        if logging.map(str::trim) != Some("1") {
            let shown = logging.unwrap_or("not set");
            return Verdict::failed(
                format!(
                    "DB cluster parameter group {group} does not turn audit logging on (server_audit_logging is {shown})"
                ),
                vec![Evidence::new("server_audit_logging", shown)],
            );
        }
        match answer
            .parameters
            .get("server_audit_events")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            Some(events) => Verdict::passed(format!(
                "DB cluster parameter group {group} is in sync and audits {events}"
            )),
            None => Verdict::failed(
                format!(
                    "DB cluster parameter group {group} turns audit logging on but server_audit_events is empty, so nothing is audited"
                ),
                vec![Evidence::new("server_audit_events", "empty")],
            ),
        }
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        let Some(c) = db_cluster(resource) else {
            return Vec::new();
        };
        if c.engine.get().is_some_and(|e| !is_aurora_mysql(e)) {
            return Vec::new();
        }
        c.parameter_group
            .get()
            .map(|g| vec![DbClusterParameterGroup::key(g.clone()).untyped()])
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::{LookupKind, Lookups};
    use crate::rules::test_support::{cluster, eval_cluster};
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn item() -> Value {
        json!({"dbclusterIdentifier": "shop-aurora", "engine": "aurora-mysql",
               "dbclusterParameterGroup": "shop-aurora-params",
               "dbclusterMembers": [{"dbinstanceIdentifier": "shop-aurora-1", "dbclusterParameterGroupStatus": "in-sync"}]})
    }

    fn with(config: Value, parameters: Value) -> Verdict {
        let mut lookups = Lookups::none();
        lookups
            .insert_json(
                LookupKey::new(LookupKind::RdsDbClusterParameterGroup, "shop-aurora-params"),
                json!({ "parameters": parameters }),
            )
            .unwrap();
        Rds45.evaluate(
            &cluster(config),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    #[test]
    fn logging_on_with_events_passes() {
        let v = with(
            item(),
            json!({"server_audit_logging": "1", "server_audit_events": "CONNECT,QUERY_DCL"}),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn logging_off_or_unset_fails() {
        let v = with(
            item(),
            json!({"server_audit_logging": "0", "server_audit_events": "CONNECT"}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = with(item(), json!({"server_audit_events": "CONNECT"}));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn empty_or_absent_events_fail() {
        let v = with(
            item(),
            json!({"server_audit_logging": "1", "server_audit_events": ""}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = with(item(), json!({"server_audit_logging": "1"}));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn a_group_not_in_sync_fails_whatever_its_values() {
        let mut c = item();
        c["dbclusterMembers"][0]["dbclusterParameterGroupStatus"] = json!("pending-reboot");
        let v = with(
            c,
            json!({"server_audit_logging": "1", "server_audit_events": "CONNECT"}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn other_engines_are_not_applicable_and_need_no_lookup() {
        let mut c = item();
        c["engine"] = json!("aurora-postgresql");
        assert!(matches!(
            eval_cluster(&Rds45, c.clone()),
            Verdict::NotApplicable { .. }
        ));
        assert!(Rds45.lookups(&cluster(c)).is_empty());
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval_cluster(&Rds45, item()),
            Verdict::undetermined(["rds.db-cluster-parameter-group:shop-aurora-params"])
        );
        assert_eq!(
            Rds45.lookups(&cluster(item())),
            vec![LookupKey::new(
                LookupKind::RdsDbClusterParameterGroup,
                "shop-aurora-params"
            )]
        );
        let mut c = item();
        c.as_object_mut().unwrap().remove("engine");
        assert_eq!(eval_cluster(&Rds45, c), Verdict::undetermined(["engine"]));
        let mut c = item();
        c.as_object_mut().unwrap().remove("dbclusterMembers");
        assert_eq!(
            eval_cluster(&Rds45, c),
            Verdict::undetermined(["dbclusterMembers.dbclusterParameterGroupStatus"])
        );
        let mut c = item();
        c.as_object_mut().unwrap().remove("dbclusterParameterGroup");
        assert_eq!(
            eval_cluster(&Rds45, c),
            Verdict::undetermined(["dbclusterParameterGroup"])
        );
    }
}
