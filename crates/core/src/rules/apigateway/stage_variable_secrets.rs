//! Vigil's own: API Gateway REST API stage variables should not hold secrets.
//!
//! Beyond FSBP (Prowler: `apigateway_restapi_no_secrets_in_stage_variables`). Stage variables
//! are plain text to anyone who can read the API's configuration, and are often used to pass a
//! backend's credentials. Each variable is checked by [`crate::secrets`]; the verdict names the
//! variables and what they look like, **never their values**.

use crate::resource::Resource;
use crate::rules::{rest_stage, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The stage-variable secrets rule.
pub struct StageVariableSecrets;

static META: RuleMeta = RuleMeta {
    id: "apigateway-rest-stage-variable-secrets",
    title: "API Gateway REST API stage variables should not contain passwords, keys or tokens",
    severity: Severity::High,
    resource_type: "AWS::ApiGateway::Stage",
    controls: &[],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "no stage variable looks like a secret (by its name with a literal value, a known credential format, or a long random-looking value); stages without variables pass",
    rationale: "Stage variables are shown in plain text in the API Gateway console, in GetStage responses and in deployment templates. A backend password or API key kept there is readable by anyone with read access to the API, and by every tool that exports its configuration.",
    remediation: "Move the secret to AWS Secrets Manager and have the backend (or a Lambda authorizer) read it there; keep only the secret's name in the stage variable, then rotate the exposed secret. CLI: aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=remove,path=/variables/<name>",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Store a new secret; then API Gateway console > APIs > {rest_api_id} > Stages > {name} > Stage variables > Edit: remove the secret; then rotate it where it was issued",
        command: r#"aws apigateway update-stage --region {region} --rest-api-id {rest_api_id} --stage-name {name} --patch-operations "op=remove,path=/variables/$VARIABLE_NAME""#,
        caution: Some("Have the backend (or an authorizer) read the secret from Secrets Manager first, or it stops working; the old value stays in earlier deployments and must be rotated at its source."),
        inputs: &[crate::fix::Input::RestApiId],
    }),
    source: "Vigil practice beyond FSBP (Prowler apigateway_restapi_no_secrets_in_stage_variables); detection in vigil_core::secrets",
};

impl Rule for StageVariableSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(stage) = rest_stage(resource) else {
            return wrong_type(&META);
        };
        let Some(vars) = stage.variables.get() else {
            return Verdict::undetermined(["variables"]);
        };
        let hits = vars.secret_hits();
        if hits.is_empty() {
            return Verdict::passed(format!(
                "none of the {} stage variable(s) looks like a secret",
                vars.len()
            ));
        }
        let names: Vec<&str> = hits.iter().map(|h| h.name.as_str()).collect();
        Verdict::failed(
            format!(
                "{} stage variable(s) look like secrets: {}",
                hits.len(),
                names.join(", ")
            ),
            hits.iter()
                .map(|h| {
                    Evidence::new(
                        format!("variables.{}", h.name),
                        format!("looks like {}", h.kind),
                    )
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::apigateway::test_support::{eval_rest, rest};
    use serde_json::json;

    const PLANTED: &str = "Backend-Pw-55102";

    #[test]
    fn a_password_variable_fails_naming_it_and_not_its_value() {
        let mut c = rest(json!({}));
        c["variables"] = json!({"backendPassword": PLANTED, "backendHost": "orders.internal"});
        let v = eval_rest(&StageVariableSecrets, c);
        let Verdict::Failed { ref reason, .. } = v else {
            panic!("{v:?}")
        };
        assert!(
            reason.contains("backendPassword") && !reason.contains("backendHost"),
            "{reason}"
        );
        assert!(!format!("{v:?}").contains(PLANTED));
    }

    #[test]
    fn harmless_or_no_variables_pass() {
        let mut c = rest(json!({}));
        c["variables"] = json!({"lambdaAlias": "live"});
        assert!(matches!(
            eval_rest(&StageVariableSecrets, c),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval_rest(&StageVariableSecrets, rest(json!({}))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn a_partial_stage_is_undetermined() {
        assert_eq!(
            eval_rest(&StageVariableSecrets, json!({})),
            Verdict::undetermined(["variables"])
        );
    }
}
