//! FSBP APIGateway.4 — API Gateway should be associated with a WAF Web ACL.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-4>),
//! AWS Config rule `api-gw-associated-with-waf` (no `webAclArns` parameter). FAILED when the
//! REST API stage has no `webAclArn`.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// APIGateway.4.
pub struct Waf;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-waf",
    title: "API Gateway REST API stages should be protected by an AWS WAF web ACL",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &["APIGateway.4"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "the stage has a webAclArn",
    rationale: "A WAF web ACL in front of the API blocks common attacks (SQL injection, known bad IP addresses, floods of requests) before they reach your code and your database.",
    remediation: "In the AWS WAF console create a web ACL with the AWS managed rule groups (Core rule set, Known bad inputs, IP reputation), then add the API's stage as an associated resource. CLI: aws wafv2 associate-web-acl --web-acl-arn <acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>",
    fix: Some(crate::fix::Fix {
        console: "AWS WAF console > Web ACLs > your regional web ACL > Associated AWS resources > Add: API Gateway stage {name} of {rest_api_id}",
        command: r#"aws wafv2 associate-web-acl --region {region} --web-acl-arn "$WEB_ACL_ARN" --resource-arn {arn}"#,
        caution: Some("A web ACL and its rules are charged per month and per request; test its rules in Count mode first so real traffic is not blocked."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "FSBP APIGateway.4 (AWS Config rule api-gw-associated-with-waf)",
};

impl Rule for Waf {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        match stage.web_acl_arn.get() {
            None => Verdict::undetermined(["webAclArn"]),
            Some(None) => Verdict::failed(
                "no AWS WAF web ACL protects the stage",
                vec![Evidence::new("webAclArn", "none")],
            ),
            Some(Some(arn)) => Verdict::passed(format!("the stage is protected by {arn}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn without_a_web_acl_fails_and_with_one_passes() {
        assert!(matches!(
            eval_rest(&Waf, rest(json!({}))),
            Verdict::Failed { .. }
        ));
        let mut c = rest(json!({}));
        c["webAclArn"] = json!("arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/api/1a2b");
        assert!(matches!(eval_rest(&Waf, c), Verdict::Passed { .. }));
    }

    #[test]
    fn a_partial_stage_is_undetermined() {
        assert_eq!(
            eval_rest(&Waf, json!({"tracingEnabled": true})),
            Verdict::undetermined(["webAclArn"])
        );
    }
}
