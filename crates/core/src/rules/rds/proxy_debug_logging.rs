//! Vigil's own rule (beyond FSBP): RDS DB proxies should not log SQL statements.
//!
//! Source: the RDS API reference's `DBProxy` data type
//! (<https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBProxy.html>):
//! `DebugLogging` makes the proxy include "the text of SQL statements that you submit through
//! the proxy" in its logs, to be enabled "only when needed for debugging, and only when you have
//! security measures in place to safeguard any sensitive information that appears in the logs".
//! SQL text routinely carries personal data (names, e-mail addresses in WHERE clauses and
//! INSERT values), so a proxy left with debug logging on copies it into CloudWatch Logs.
//! FAILED when `debugLogging` is true; no FSBP control covers it.

use crate::resource::Resource;
use crate::rules::{db_proxy, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Proxy debug logging off.
pub struct ProxyDebugLogging;

static META: RuleMeta = RuleMeta {
    id: "rds-proxy-debug-logging-off",
    title: "RDS DB proxies should not log SQL statement text (debug logging off)",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBProxy",
    controls: &[],
    gdpr: &["Art. 5(1)(c)", "Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "DebugLogging is false",
    rationale: "With debug logging on, the proxy writes the text of every SQL statement to CloudWatch Logs. Statements carry the values they read and write, often personal data, which then sits in log groups with their own, usually wider, access and retention.",
    remediation: "In the RDS console choose Proxies, select the proxy, choose Actions > Modify, and under Additional configuration clear Enhanced logging. Review who can read the proxy's CloudWatch log group and what it already holds. CLI: aws rds modify-db-proxy --db-proxy-name <name> --no-debug-logging",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Proxies > {proxy_name} > Modify > Additional configuration > Enhanced logging: off > Save changes",
        command: "aws rds modify-db-proxy --region {region} --db-proxy-name {proxy_name} --no-debug-logging",
        caution: None,
        inputs: &[crate::fix::Input::ProxyName],
    }),
    source: "Vigil (RDS API reference, DBProxy.DebugLogging)",
};

impl Rule for ProxyDebugLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(p) = db_proxy(resource) else {
            return wrong_type(&META);
        };
        match p.debug_logging.get() {
            Some(false) => Verdict::passed("the proxy does not log SQL statement text"),
            Some(true) => Verdict::failed(
                "debug logging is on: the proxy writes the text of SQL statements, and the personal data in them, to its logs",
                vec![Evidence::new("debugLogging", true)],
            ),
            None => Verdict::undetermined(["debugLogging"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{dax, eval_resource, proxy};
    use serde_json::json;

    #[test]
    fn debug_logging_off_passes_and_on_fails() {
        assert!(matches!(
            eval_resource(
                &ProxyDebugLogging,
                proxy(json!({"dBProxyName": "p", "debugLogging": false}))
            ),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval_resource(
                &ProxyDebugLogging,
                proxy(json!({"dBProxyName": "p", "debugLogging": true}))
            ),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval_resource(&ProxyDebugLogging, proxy(json!({"dBProxyName": "p"}))),
            Verdict::undetermined(["debugLogging"])
        );
        assert!(matches!(
            eval_resource(&ProxyDebugLogging, dax(json!({"clusterName": "c"}))),
            Verdict::NotApplicable { .. }
        ));
    }
}
