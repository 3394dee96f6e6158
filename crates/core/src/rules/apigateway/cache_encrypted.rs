//! FSBP APIGateway.5 — API Gateway REST API cache data should be encrypted at rest.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-5>),
//! AWS Config rule `api-gw-cache-encrypted` (a custom Security Hub rule; not the managed
//! `api-gw-cache-enabled-and-encrypted`, which also fails stages without a cache): FAILED when any
//! method setting has caching enabled and `cacheDataEncrypted` false; NOT_APPLICABLE when no
//! method caches.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// APIGateway.5.
pub struct CacheEncrypted;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-cache-encrypted",
    title: "API Gateway REST API caches should be encrypted at rest",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &["APIGateway.5"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "every method setting with cachingEnabled true has cacheDataEncrypted true; stages that cache nothing are not applicable",
    rationale: "The API cache keeps copies of your API's responses, which often contain customers' personal data. Encrypting the cache means those copies are protected at rest like the database they came from.",
    remediation: "In the API Gateway console choose the API, Stages, the stage, Edit, and under Cache settings turn on 'Encrypt cache data' (for every method override too). CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > APIs > {rest_api_id} > Stages > {name} > Edit > Cache settings > Encrypt cache data > Save",
        command: "aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations 'op=replace,path=/*/*/caching/dataEncrypted,value=true'",
        caution: None,
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "FSBP APIGateway.5 (AWS Config rule api-gw-cache-encrypted, a custom Security Hub rule)",
};

impl Rule for CacheEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        let Some(settings) = stage.method_settings.get() else {
            return Verdict::undetermined(["methodSettings"]);
        };
        let caching: Vec<_> = settings
            .iter()
            .filter(|(_, s)| s.caching_enabled == Some(true))
            .collect();
        if caching.is_empty() {
            return Verdict::not_applicable("no method of the stage caches responses");
        }
        let unencrypted: Vec<Evidence> = caching
            .iter()
            .filter(|(_, s)| s.cache_data_encrypted != Some(true))
            .map(|(method, _)| {
                Evidence::new(format!("methodSettings.{method}.cacheDataEncrypted"), false)
            })
            .collect();
        if unencrypted.is_empty() {
            Verdict::passed("every cached method's cache is encrypted")
        } else {
            Verdict::failed(
                format!(
                    "{} cached method setting(s) keep the cache unencrypted",
                    unencrypted.len()
                ),
                unencrypted,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    #[test]
    fn the_config_rule_is_api_gw_cache_encrypted() {
        assert!(META.source.contains("api-gw-cache-encrypted"));
        assert!(!META.source.contains("enabled-and-encrypted"));
    }

    #[test]
    fn an_unencrypted_cache_fails_and_an_encrypted_one_passes() {
        let c = rest(json!({"*/*": {"cachingEnabled": true, "cacheDataEncrypted": false}}));
        assert!(matches!(
            eval_rest(&CacheEncrypted, c),
            Verdict::Failed { .. }
        ));
        let c = rest(json!({"*/*": {"cachingEnabled": true, "cacheDataEncrypted": true}}));
        assert!(matches!(
            eval_rest(&CacheEncrypted, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn stages_that_do_not_cache_are_not_applicable() {
        let c = rest(json!({"*/*": {"cachingEnabled": false, "cacheDataEncrypted": false}}));
        assert!(matches!(
            eval_rest(&CacheEncrypted, c),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_settings_are_undetermined() {
        assert_eq!(
            eval_rest(&CacheEncrypted, json!({"stageName": "prod"})),
            Verdict::undetermined(["methodSettings"])
        );
    }
}
