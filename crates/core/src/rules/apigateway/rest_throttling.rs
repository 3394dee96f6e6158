//! Vigil's own: API Gateway REST API stages should be throttled.
//!
//! Beyond FSBP. Without throttling a stage takes the account-wide default of 10,000 requests per
//! second, and every request costs money and reaches your backend and database. Verdicts:
//! - PASSED when the stage's own defaults (`methodSettings["*/*"]` `throttlingRateLimit` and
//!   `throttlingBurstLimit`) are both above 0; no lookup is needed.
//! - Otherwise the stage's usage plans decide, through the `apigateway.usage-plans` lookup
//!   (`GetUsagePlans`, the plans whose `apiStages` name this API and stage): PASSED when at least
//!   one plan sets a `throttle` with a rate and burst above 0, FAILED when no plan covers the stage
//!   or none of those that do throttles.
//! - UNDETERMINED when the stage has no limits of its own and the lookup has no answer (the
//!   offline CLI), or the stage's API id or method settings are unknown.
//!
//! A usage plan throttles callers that present one of its API keys; it binds every caller only
//! when the methods require an API key. Counting a plan as throttling is the practice this rule
//! follows (the plan is an explicit, per-stage limit someone chose); the pass reason names the
//! plan so the owner can check that its methods require keys.

use super::usage_plans_key;
use crate::lookups::apigateway::UsagePlan;
use crate::lookups::{LookupKey, LookupKind};
use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The REST stage throttling rule.
pub struct RestThrottling;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-stage-throttling",
    title: "API Gateway REST API stages should be throttled by the stage or a usage plan",
    severity: Severity::Low,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "methodSettings */* sets a throttlingRateLimit and a throttlingBurstLimit above 0, or a usage plan covering the stage sets a throttle rate and burst above 0",
    rationale: "Throttling caps how many requests per second reach your functions and database. Without a stage limit or a usage plan, one script hammering your API can run up your bill ('denial of wallet') or overload the database your customers depend on.",
    remediation: "In the API Gateway console choose the API, Stages, the stage, Edit, and under Throttling set a rate and burst that fit your real traffic (for example 50 and 100); or add the stage to a usage plan with a throttle and require API keys on its methods. CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=50 op=replace,path=/*/*/throttling/burstLimit,value=100",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {rest_api_id} > Stages > {name} > Edit > Throttling: on, with a rate and a burst > Save",
        command: r#"aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations "op=replace,path=/*/*/throttling/rateLimit,value=$RATE_LIMIT" "op=replace,path=/*/*/throttling/burstLimit,value=$BURST_LIMIT""#,
        caution: Some("Requests above the limits get 429 errors: set them above your real peak."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "Vigil practice beyond FSBP (denial-of-wallet hardening)",
};

/// Whether the stage's own `*/*` defaults throttle it: `Some(reason)` when they do.
fn stage_limits(stage: &crate::resources::api_gateway_stage::RestStage) -> Option<Option<String>> {
    let settings = stage.method_settings.get()?;
    let defaults = settings.iter().find(|(m, _)| m == "*/*").map(|(_, s)| s);
    Some(
        match defaults.map(|s| (s.throttling_rate_limit, s.throttling_burst_limit)) {
            Some((Some(rate), Some(burst))) if rate > 0.0 && burst > 0 => Some(format!(
                "the stage is throttled at {rate} requests per second (burst {burst})"
            )),
            _ => None,
        },
    )
}

impl Rule for RestThrottling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        // A stage with its own limits needs no lookup.
        match rest_stage(resource) {
            Some(stage) if !matches!(stage_limits(stage), Some(Some(_))) => usage_plans_key(stage)
                .map(LookupKey::from)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        match stage_limits(stage) {
            None => return Verdict::undetermined(["methodSettings"]),
            Some(Some(reason)) => return Verdict::passed(reason),
            Some(None) => {}
        }
        let key = usage_plans_key(stage);
        let answer = match ctx
            .lookups
            .answer(key.as_ref(), "the stage's REST API id (ARN)")
        {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let Some(plans) = &answer.plans else {
            return Verdict::undetermined([format!(
                "{}:{} (no plans in the answer)",
                LookupKind::ApiGatewayUsagePlans,
                key.as_ref().map_or("?", |k| k.id())
            )]);
        };
        let name = |p: &UsagePlan| {
            p.name
                .as_deref()
                .or(p.id.as_deref())
                .unwrap_or("?")
                .to_string()
        };
        let throttling = plans.iter().find_map(|p| {
            let t = p.throttle.as_ref()?;
            let rate = t.rate_limit?;
            let burst = t.burst_limit?;
            (rate > 0.0 && burst > 0).then(|| (name(p), rate, burst))
        });
        if let Some((plan, rate, burst)) = throttling {
            return Verdict::passed(format!(
                "the stage sets no limits of its own but usage plan {plan} throttles it at {rate} requests per second (burst {burst}); callers are bound by it when the methods require an API key"
            ));
        }
        let mut evidence = vec![Evidence::new(
            "methodSettings.*/*.throttlingRateLimit",
            "not set",
        )];
        if plans.is_empty() {
            evidence.push(Evidence::new("usagePlans", "none covers the stage"));
            Verdict::failed(
                "the stage sets no throttling limits of its own and no usage plan covers it",
                evidence,
            )
        } else {
            evidence.extend(
                plans
                    .iter()
                    .map(|p| Evidence::new(format!("usagePlans.{}.throttle", name(p)), "not set")),
            );
            Verdict::failed(
                "the stage sets no throttling limits of its own and none of its usage plans throttles",
                evidence,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::apigateway::test_support::{eval_rest, eval_rest_with, rest};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:apigateway:eu-west-2::/restapis/a1b2c3d4e5/stages/prod";

    fn plans(plans: Value) -> Lookups {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::ApiGatewayUsagePlans, "a1b2c3d4e5/prod"),
            json!({ "plans": plans }),
        )
        .unwrap();
        l
    }

    fn eval(config: Value, lookups: &Lookups) -> Verdict {
        eval_rest_with(&RestThrottling, config, Some(ARN), lookups)
    }

    #[test]
    fn stage_limits_pass_without_any_lookup() {
        let c = rest(json!({"*/*": {"throttlingRateLimit": 50.0, "throttlingBurstLimit": 100}}));
        assert!(matches!(
            eval(c.clone(), &Lookups::none()),
            Verdict::Passed { .. }
        ));
        let stage = crate::resources::api_gateway_stage::RestStage::parse(
            crate::json::Obj::new(&c, "c").unwrap(),
        )
        .unwrap();
        let mut r = Resource::RestStage(stage);
        r.fill_from_arn(ARN);
        assert!(RestThrottling.lookups(&r).is_empty());
    }

    #[test]
    fn a_stage_without_limits_asks_for_its_usage_plans() {
        let stage = crate::resources::api_gateway_stage::RestStage::parse(
            crate::json::Obj::new(&rest(json!({})), "c").unwrap(),
        )
        .unwrap();
        let mut r = Resource::RestStage(stage);
        r.fill_from_arn(ARN);
        assert_eq!(
            RestThrottling.lookups(&r),
            vec![LookupKey::new(
                LookupKind::ApiGatewayUsagePlans,
                "a1b2c3d4e5/prod"
            )]
        );
    }

    #[test]
    fn a_usage_plan_with_a_throttle_passes() {
        let l = plans(json!([
            {"id": "p1", "name": "free", "throttle": null},
            {"id": "p2", "name": "partners", "throttle": {"rateLimit": 20.0, "burstLimit": 40}}
        ]));
        let v = eval(
            rest(json!({"*/*": {"throttlingRateLimit": -1.0, "throttlingBurstLimit": -1}})),
            &l,
        );
        assert!(
            matches!(v, Verdict::Passed { ref reason } if reason.contains("partners")),
            "{v:?}"
        );
    }

    #[test]
    fn no_limits_and_no_throttling_plan_fails() {
        let v = eval(rest(json!({})), &plans(json!([])));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(
            rest(json!({})),
            &plans(json!([{"id": "p1", "name": "free", "throttle": null}])),
        );
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence.iter().any(|e| e.field == "usagePlans.free.throttle")),
            "{v:?}"
        );
    }

    #[test]
    fn unknown_settings_or_no_answer_are_undetermined() {
        assert_eq!(
            eval_rest(&RestThrottling, json!({})),
            Verdict::undetermined(["methodSettings"])
        );
        assert_eq!(
            eval(rest(json!({})), &Lookups::none()),
            Verdict::undetermined(["apigateway.usage-plans:a1b2c3d4e5/prod"])
        );
        assert_eq!(
            eval_rest(&RestThrottling, rest(json!({}))),
            Verdict::undetermined(["the stage's REST API id (ARN)"])
        );
    }
}
