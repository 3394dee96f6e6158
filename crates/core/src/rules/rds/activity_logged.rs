//! Vigil's own rule (no Security Hub control): an RDS database holding personal or confidential
//! data records who queried and changed it, with a Database Activity Stream or an audit log
//! exported to CloudWatch Logs.
//!
//! Source: Vigil practice for UK GDPR accountability (Art. 5(2)) and breach investigation
//! (Art. 33). CloudTrail records RDS management calls, never the SQL run inside a database;
//! that is the database's own audit logging. Security Hub's log controls (RDS.9, RDS.34, …)
//! require log exports for every database whatever it holds; this rule asks, for classified
//! databases only, for the logs that say who read the data.
//!
//! Judged on DB instances and DB clusters whose tags classify them (`crate::data`:
//! `Confidential`, `Restricted` or personal data); others are NOT_APPLICABLE, unknown tags
//! undetermined. An instance that belongs to a cluster is judged on its cluster (Aurora's logs
//! and activity streams are the cluster's): NOT_APPLICABLE. It PASSES when:
//! - `activityStreamStatus` is `started` (Database Activity Streams: Aurora PostgreSQL and
//!   Aurora MySQL clusters, RDS for Oracle and SQL Server instances); or
//! - `enabledCloudwatchLogsExports` includes `audit` for an engine whose documented log types
//!   include it (RDS API reference, `EnableCloudwatchLogsExports`: RDS for MySQL, MariaDB and
//!   Oracle instances, Aurora MySQL clusters). Whether the engine writes to that log (the
//!   MariaDB Audit Plugin option, Aurora MySQL's `server_audit_logging`, Oracle's audit trail)
//!   is not read: the export is taken as the owner's intent, as RDS.34 takes it.
//!
//! Conservative where Vigil cannot see the engine's audit mechanism: PostgreSQL (RDS and
//! Aurora) has no `audit` log type, and pgAudit writes into the `postgresql` log; with that log
//! exported and no activity stream the verdict is undetermined (the pgAudit settings are not
//! read), without it FAILED. SQL Server Audit and Db2 audit write to S3 through an option group,
//! which is not read: without an activity stream, undetermined. Any other engine without an
//! activity stream or an `audit` export: FAILED when both are known absent (the stream's status
//! matters only for the engines that offer activity streams).

use crate::data::Classification;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::resource::Tags;
use crate::resources::rds_cluster::DbCluster;
use crate::resources::rds_instance::DbInstance;
use crate::rules::{db_cluster, db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The activity-logging rule for one resource type.
pub struct ActivityLogged(pub &'static RuleMeta);

const RATIONALE: &str = "CloudTrail shows who changed a database's settings, never who ran which query. Without an activity stream or an audit log there is no record of who read the personal data a database holds, so a breach cannot be scoped, the people affected cannot be told what was taken, and accountability under UK GDPR cannot be shown.";

/// The rule for DB instances.
pub static INSTANCE: RuleMeta = RuleMeta {
    id: "rds-instance-activity-logged",
    title: "RDS databases holding personal or confidential data should record database activity",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &[],
    gdpr: &["Art. 5(2)", "Art. 32(1)(b)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "the instance's tags classify it as Confidential, Restricted or personal data, and its Database Activity Stream is started or it exports the audit log to CloudWatch Logs (MySQL, MariaDB, Oracle); not applicable to other instances and to cluster members (judged on the cluster)",
    rationale: RATIONALE,
    remediation: "Export the engine's audit log to CloudWatch Logs (MySQL and MariaDB: add the MARIADB_AUDIT_PLUGIN option to the option group first; Oracle: enable auditing), or start a Database Activity Stream (Oracle, SQL Server). For PostgreSQL, configure pgAudit and export the postgresql log.",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Log exports: Audit log > Continue > Apply immediately",
        command: r#"aws rds modify-db-instance --region {region} --db-instance-identifier {name} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}' --apply-immediately"#,
        caution: Some("The audit log type exists for MySQL, MariaDB and Oracle only, and MySQL and MariaDB write it only with the MARIADB_AUDIT_PLUGIN option in the instance's option group. For Oracle or SQL Server, a Database Activity Stream instead: aws rds start-activity-stream --region {region} --resource-arn {arn} --mode async --kms-key-id \"$KMS_KEY_ARN\" --apply-immediately. CloudWatch Logs and activity streams are charged by volume."),
        inputs: &[],
    }),
    source: "Vigil practice: database activity logging for personal and confidential data (UK GDPR Art. 5(2), Art. 33); no Security Hub control",
};

/// The rule for DB clusters.
pub static CLUSTER: RuleMeta = RuleMeta {
    id: "rds-cluster-activity-logged",
    title: "RDS clusters holding personal or confidential data should record database activity",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBCluster",
    controls: &[],
    gdpr: &["Art. 5(2)", "Art. 32(1)(b)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "the cluster's tags classify it as Confidential, Restricted or personal data, and its Database Activity Stream is started or it exports the audit log to CloudWatch Logs (Aurora MySQL); not applicable to other clusters",
    rationale: RATIONALE,
    remediation: "Start a Database Activity Stream on the cluster (Aurora PostgreSQL and Aurora MySQL), or for Aurora MySQL turn on server_audit_logging in its cluster parameter group and export the audit log. For Aurora PostgreSQL without an activity stream, configure pgAudit and export the postgresql log.",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Actions > Start database activity stream (or Modify > Log exports: Audit log, for Aurora MySQL)",
        command: r#"aws rds start-activity-stream --region {region} --resource-arn {arn} --mode async --kms-key-id "$KMS_KEY_ARN" --apply-immediately"#,
        caution: Some("An activity stream needs a customer managed KMS key ($KMS_KEY_ARN) and writes to a Kinesis data stream that someone must read; it is charged by volume and is not available on every instance class. For Aurora MySQL an exported audit log is an alternative: aws rds modify-db-cluster --region {region} --db-cluster-identifier {name} --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"audit\"]}' with server_audit_logging set to 1 in the cluster parameter group."),
        inputs: &[],
    }),
    source: "Vigil practice: database activity logging for personal and confidential data (UK GDPR Art. 5(2), Art. 33); no Security Hub control",
};

/// What one database says about its activity logging.
struct Facts<'a> {
    engine: &'a Fact<String>,
    exports: &'a Fact<Vec<String>>,
    stream: &'a Fact<String>,
    tags: &'a Fact<Tags>,
}

/// The engines that offer Database Activity Streams (Aurora clusters, RDS for Oracle and SQL
/// Server instances): for the others the stream's status cannot make the verdict pass.
fn has_activity_streams(engine: &str) -> bool {
    engine.starts_with("aurora") || engine.starts_with("oracle") || engine.starts_with("sqlserver")
}

/// The engines whose documented log types include `audit`.
fn has_audit_log(engine: &str) -> bool {
    matches!(engine, "mysql" | "mariadb" | "aurora-mysql") || engine.starts_with("oracle")
}

fn judge(f: Facts<'_>, what: &str, ctx: &Context<'_>) -> Verdict {
    let Some(class) = Classification::of(f.tags, ctx.settings).get().cloned() else {
        return Verdict::undetermined(["tags"]);
    };
    if !class.is_sensitive() {
        return Verdict::not_applicable(format!(
            "the {what}'s tags do not classify it as Confidential, Restricted or personal data"
        ));
    }
    let label = class.label.unwrap_or_default();
    if f.stream.get().is_some_and(|s| s == "started") {
        return Verdict::passed(format!("the {what}'s Database Activity Stream is started"));
    }
    let Some(engine) = f.engine.get() else {
        return Verdict::undetermined(["engine"]);
    };
    let exported = |log: &str| f.exports.get().map(|e| e.iter().any(|x| x == log));
    if has_audit_log(engine) && exported("audit") == Some(true) {
        return Verdict::passed(format!(
            "the {what} exports its audit log to CloudWatch Logs"
        ));
    }
    // Facts that could still make it pass.
    let mut missing = Vec::new();
    if f.stream.get().is_none() && has_activity_streams(engine) {
        missing.push("activityStreamStatus".to_string());
    }
    if has_audit_log(engine) && exported("audit").is_none() {
        missing.push("enabledCloudwatchLogsExports".to_string());
    }
    if engine.contains("postgres") {
        match exported("postgresql") {
            Some(true) => missing.push(
                "whether pgAudit writes to the exported postgresql log (its parameter group settings are not read)".to_string(),
            ),
            None => missing.push("enabledCloudwatchLogsExports".to_string()),
            Some(false) => {}
        }
    }
    if engine.starts_with("sqlserver") || engine.starts_with("db2") {
        missing.push(format!(
            "whether {engine}'s own audit (an option group writing to S3) is on: not read"
        ));
    }
    if !missing.is_empty() {
        return Verdict::undetermined(missing);
    }
    Verdict::failed(
        format!(
            "the {what} holds classified data ({label}) and records no database activity: no activity stream is started and no audit log is exported to CloudWatch Logs, so there is no record of who read its data"
        ),
        vec![
            Evidence::new(
                "activityStreamStatus",
                f.stream.get().cloned().unwrap_or_default(),
            ),
            Evidence::new(
                "enabledCloudwatchLogsExports",
                f.exports.get().map(|e| e.join(",")).unwrap_or_default(),
            ),
        ],
    )
}

impl Rule for ActivityLogged {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        if std::ptr::eq(self.0, &INSTANCE) {
            let Some(db) = db_instance(resource) else {
                return wrong_type(self.0);
            };
            instance(db, ctx)
        } else {
            let Some(c) = db_cluster(resource) else {
                return wrong_type(self.0);
            };
            cluster(c, ctx)
        }
    }
}

fn instance(db: &DbInstance, ctx: &Context<'_>) -> Verdict {
    match db.cluster_identifier.get() {
        Some(Some(cluster)) => {
            return Verdict::not_applicable(format!(
                "a member of cluster {cluster}: its activity logging is judged on the cluster"
            ))
        }
        Some(None) => {}
        None => return Verdict::undetermined(["dBClusterIdentifier"]),
    }
    judge(
        Facts {
            engine: &db.engine,
            exports: &db.cloudwatch_logs_exports,
            stream: &db.activity_stream_status,
            tags: &db.tags,
        },
        "database",
        ctx,
    )
}

fn cluster(c: &DbCluster, ctx: &Context<'_>) -> Verdict {
    judge(
        Facts {
            engine: &c.engine,
            exports: &c.cloudwatch_logs_exports,
            stream: &c.activity_stream_status,
            tags: &c.tags,
        },
        "cluster",
        ctx,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn eval_instance(config: Value) -> Verdict {
        let db = DbInstance::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        ActivityLogged(&INSTANCE).evaluate(
            &Resource::DbInstance(db),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    fn eval_cluster(config: Value) -> Verdict {
        let c = DbCluster::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        ActivityLogged(&CLUSTER).evaluate(
            &Resource::DbCluster(c),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    fn db(engine: &str, exports: Value, stream: Value, tags: Value) -> Value {
        json!({"dBInstanceIdentifier": "customers", "engine": engine, "dBClusterIdentifier": null,
            "enabledCloudwatchLogsExports": exports, "activityStreamStatus": stream, "tagList": tags})
    }

    fn personal() -> Value {
        json!([{"key": "PersonalData", "value": "true"}])
    }

    #[test]
    fn unclassified_databases_and_cluster_members_are_not_applicable() {
        let v = eval_instance(db("mysql", json!([]), json!("stopped"), json!([])));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        let mut member = db("aurora-mysql", json!([]), json!("stopped"), personal());
        member["dBClusterIdentifier"] = json!("orders");
        let v = eval_instance(member);
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        let mut unknown_tags = db("mysql", json!([]), json!("stopped"), json!([]));
        unknown_tags.as_object_mut().unwrap().remove("tagList");
        assert_eq!(eval_instance(unknown_tags), Verdict::undetermined(["tags"]));
    }

    #[test]
    fn an_audit_export_or_a_started_stream_passes_and_neither_fails() {
        for engine in ["mysql", "mariadb", "oracle-ee"] {
            let v = eval_instance(db(
                engine,
                json!(["audit", "error"]),
                json!("stopped"),
                personal(),
            ));
            assert!(matches!(v, Verdict::Passed { .. }), "{engine}: {v:?}");
            let v = eval_instance(db(
                engine,
                json!(["error", "general"]),
                json!("stopped"),
                personal(),
            ));
            let Verdict::Failed { reason, .. } = v else {
                panic!("{engine}: {v:?}")
            };
            assert!(reason.contains("PersonalData=true"), "{reason}");
        }
        let v = eval_instance(db("sqlserver-se", json!([]), json!("started"), personal()));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval_cluster(
            json!({"dBClusterIdentifier": "orders", "engine": "aurora-postgresql",
            "enabledCloudwatchLogsExports": [], "activityStreamStatus": "started",
            "tagList": [{"key": "DataClassification", "value": "Restricted"}]}),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval_cluster(
            json!({"dBClusterIdentifier": "orders", "engine": "aurora-mysql",
            "enabledCloudwatchLogsExports": ["error"], "activityStreamStatus": "stopped",
            "tagList": [{"key": "DataClassification", "value": "Confidential"}]}),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn what_vigil_cannot_see_is_undetermined_never_failed() {
        // pgAudit may write to the exported postgresql log.
        let v = eval_instance(db(
            "postgres",
            json!(["postgresql"]),
            json!("stopped"),
            personal(),
        ));
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        // No postgresql log exported at all: nothing reaches CloudWatch Logs.
        let v = eval_instance(db("postgres", json!([]), json!("stopped"), personal()));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // SQL Server Audit goes to S3 through an option group, not read.
        let v = eval_instance(db(
            "sqlserver-ee",
            json!(["error"]),
            json!("stopped"),
            personal(),
        ));
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        // A Config item without the activity stream's status: unknown for an engine that has
        // activity streams, irrelevant for one that has none.
        for (engine, undetermined) in [("oracle-se2", true), ("mysql", false)] {
            let mut no_stream = db(engine, json!([]), json!("stopped"), personal());
            no_stream
                .as_object_mut()
                .unwrap()
                .remove("activityStreamStatus");
            let v = eval_instance(no_stream);
            assert_eq!(
                matches!(v, Verdict::Undetermined { .. }),
                undetermined,
                "{engine}: {v:?}"
            );
        }
    }
}
