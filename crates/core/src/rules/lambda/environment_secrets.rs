//! Vigil's own: Lambda environment variables should not hold secrets.
//!
//! Beyond FSBP (Prowler: `awslambda_function_no_secrets_in_variables`). Each variable is checked
//! by [`crate::secrets`]: known credential formats (AWS access keys, URLs and connection strings
//! with passwords, JWTs, private keys, provider tokens), secret-looking names with a literal
//! value, and long random-looking tokens. The verdict names the variables and what they look
//! like, **never their values**. The environment comes from the item or, when the item does not
//! carry it, from the `lambda.function-configuration` lookup.

use super::{environment, environment_lookup};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The environment-secrets rule.
pub struct EnvironmentSecrets;

static META: RuleMeta = RuleMeta {
    id: "lambda-environment-secrets",
    title: "Lambda environment variables should not contain passwords, keys or tokens",
    severity: Severity::High,
    resource_type: "AWS::Lambda::Function",
    controls: &[],
    gdpr: &["Art. 32(1)(a)", "Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "no environment variable looks like a secret (by its name with a literal value, a known credential format, or a long random-looking value); functions without variables pass",
    rationale: "Environment variables are shown in plain text to anyone who can view the function in the console or call GetFunctionConfiguration, end up in deployment templates and logs, and are copied with the function. A database password or API key kept there is one read permission away from a breach of the data it protects.",
    remediation: "Store the secret in AWS Secrets Manager (or SSM Parameter Store as a SecureString), give the function's role permission to read it, change the code to fetch it at start-up (the AWS Parameters and Secrets Lambda Extension caches it), put only the secret's name or ARN in the variable, then rotate the exposed secret. CLI: aws secretsmanager create-secret --name <name> --secret-string file://secret.txt",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Store a new secret; then Lambda console > Functions > {name} > Configuration > Environment variables > Edit: replace the value with the secret's name; then rotate the exposed secret where it was issued",
        command: r#"aws secretsmanager create-secret --region {region} --name {name}/"$VARIABLE_NAME" --secret-string file://secret.txt
aws lambda get-function-configuration --region {region} --function-name {name} --query Environment.Variables > variables.json
aws lambda update-function-configuration --region {region} --function-name {name} --environment file://environment.json"#,
        caution: Some(r#"Change the code to read the secret from Secrets Manager (the role needs secretsmanager:GetSecretValue) before removing the value; environment.json is {"Variables": {...}} with the value replaced. The old value stays in earlier published versions and must be rotated at its source."#),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler awslambda_function_no_secrets_in_variables); detection in vigil_core::secrets",
};

impl Rule for EnvironmentSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        lambda_function(resource)
            .map(environment_lookup)
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let env = match environment(f, ctx) {
            Ok((env, _)) => env,
            Err(undetermined) => return undetermined,
        };
        if env.is_empty() {
            return Verdict::passed("the function has no environment variables");
        }
        let hits = env.secret_hits();
        if hits.is_empty() {
            return Verdict::passed(format!(
                "none of the {} environment variable(s) looks like a secret",
                env.len()
            ));
        }
        let evidence = hits
            .iter()
            .map(|h| {
                Evidence::new(
                    format!("environment.variables.{}", h.name),
                    format!("looks like {}", h.kind),
                )
            })
            .collect();
        let names: Vec<&str> = hits.iter().map(|h| h.name.as_str()).collect();
        Verdict::failed(
            format!(
                "{} environment variable(s) look like secrets: {}",
                hits.len(),
                names.join(", ")
            ),
            evidence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_with_lookups, zip};
    use serde_json::json;

    const PLANTED: [&str; 3] = [
        "PlantedPw-7731",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ];

    fn with_env(vars: serde_json::Value) -> serde_json::Value {
        let mut c = zip("python3.13");
        c["environment"] = json!({"variables": vars});
        c
    }

    #[test]
    fn secrets_fail_naming_variables_and_never_values() {
        let c = with_env(json!({
            "DATABASE_URL": format!("postgres://app:{}@orders-db:5432/orders", PLANTED[0]),
            "UPLOAD_KEY_ID": PLANTED[1],
            "AWS_SECRET_ACCESS_KEY": PLANTED[2],
            "LOG_LEVEL": "info"
        }));
        let v = eval(&EnvironmentSecrets, c);
        let Verdict::Failed {
            ref reason,
            ref evidence,
        } = v
        else {
            panic!("{v:?}")
        };
        assert!(
            reason.contains("DATABASE_URL") && reason.contains("UPLOAD_KEY_ID"),
            "{reason}"
        );
        assert!(!reason.contains("LOG_LEVEL"), "{reason}");
        assert_eq!(evidence.len(), 3);
        let shown = format!("{v:?} {}", v.reason());
        for planted in PLANTED {
            assert!(!shown.contains(planted), "{planted} leaked: {shown}");
        }
    }

    #[test]
    fn harmless_variables_and_no_variables_pass() {
        let c = with_env(
            json!({"TABLE_NAME": "orders", "DB_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:db-AbCdEf"}),
        );
        assert!(matches!(
            eval(&EnvironmentSecrets, c),
            Verdict::Passed { .. }
        ));
        let mut c = zip("python3.13");
        c["environment"] = json!({});
        assert!(matches!(
            eval(&EnvironmentSecrets, c),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn without_the_environment_it_asks_for_the_lookup_and_uses_the_answer() {
        let c = zip("python3.13");
        let key = LookupKey::new(LookupKind::LambdaFunctionConfiguration, "orders-api");
        assert_eq!(
            EnvironmentSecrets.lookups(&crate::rules::lambda::test_support::function(c.clone())),
            vec![key.clone()]
        );
        assert_eq!(
            eval(&EnvironmentSecrets, c.clone()),
            Verdict::undetermined([key.label()])
        );
        let mut lookups = Lookups::none();
        lookups
            .insert_json(
                key,
                json!({"Environment": {"Variables": {"DB_PASSWORD": PLANTED[0]}}, "KMSKeyArn": null}),
            )
            .unwrap();
        let v = eval_with_lookups(&EnvironmentSecrets, c, &lookups);
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(!format!("{v:?}").contains(PLANTED[0]));
    }

    #[test]
    fn an_unnamed_partial_item_is_undetermined() {
        assert!(matches!(
            eval(&EnvironmentSecrets, json!({"timeout": 3})),
            Verdict::Undetermined { .. }
        ));
    }
}
