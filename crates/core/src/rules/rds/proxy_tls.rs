//! FSBP RDS.43 — RDS DB proxies should require TLS encryption for connections.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.43]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-43>), AWS
//! Config managed rule `rds-proxy-tls-encryption` (periodic, no parameters;
//! <https://docs.aws.amazon.com/config/latest/developerguide/rds-proxy-tls-encryption.html>):
//! NON_COMPLIANT when a proxy does not enforce TLS for all connections, i.e. the `DBProxy`
//! data type's `RequireTLS` is false.

use crate::resource::Resource;
use crate::rules::rds::setting_on;
use crate::rules::{db_proxy, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.43.
pub struct Rds43;

static META: RuleMeta = RuleMeta {
    id: "rds-proxy-tls-required",
    title: "RDS DB proxies should require TLS encryption for connections",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBProxy",
    controls: &["RDS.43"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "RequireTLS is true: the proxy refuses connections that do not use TLS",
    rationale: "A proxy that accepts plaintext connections lets database credentials and query results cross the network unencrypted, where anyone who can observe the traffic inside the VPC can read or alter them.",
    remediation: "In the RDS console choose Proxies, select the proxy, choose Actions > Modify, and under Connectivity select Require Transport Layer Security. Update clients to connect with TLS first. CLI: aws rds modify-db-proxy --db-proxy-name <name> --require-tls",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Proxies > {proxy_name} > Modify > Connectivity > Require Transport Layer Security > Save changes",
        command: "aws rds modify-db-proxy --region {region} --db-proxy-name {proxy_name} --require-tls",
        caution: Some("Clients that connect to the proxy without TLS are refused."),
        inputs: &[crate::fix::Input::ProxyName],
    }),
    source: "FSBP RDS.43 (AWS Config rule rds-proxy-tls-encryption)",
};

impl Rule for Rds43 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(p) = db_proxy(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &p.require_tls,
            "requireTLS",
            "the proxy requires TLS for every connection",
            "the proxy accepts connections without TLS",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{dax, eval_resource, proxy};
    use serde_json::json;

    #[test]
    fn required_tls_passes_and_optional_tls_fails() {
        assert!(matches!(
            eval_resource(
                &Rds43,
                proxy(json!({"dBProxyName": "p", "requireTLS": true}))
            ),
            Verdict::Passed { .. }
        ));
        let v = eval_resource(
            &Rds43,
            proxy(json!({"dBProxyName": "p", "requireTLS": false})),
        );
        let Verdict::Failed { evidence, .. } = v else {
            panic!("{v:?}")
        };
        assert_eq!(evidence[0].field, "requireTLS");
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval_resource(&Rds43, proxy(json!({"dBProxyName": "p"}))),
            Verdict::undetermined(["requireTLS"])
        );
        assert!(matches!(
            eval_resource(&Rds43, dax(json!({"clusterName": "c"}))),
            Verdict::NotApplicable { .. }
        ));
    }
}
