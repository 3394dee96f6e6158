//! Lookup answers a listing already carried, so a sweep does not ask for them again
//! ([`super::Memo`]):
//!
//! | kind listed | answers | from |
//! |---|---|---|
//! | `AWS::Lambda::Function` | `lambda.function-configuration` (id: the name) | `ListFunctions`' environment and KMS key |
//! | `AWS::SecretsManager::Secret` | `secretsmanager.secret` (id: the ARN) | `ListSecrets`' dates, checked when the listing began |
//! | `AWS::KMS::Key` | `kms.key` (id: the ARN, and the key id) | `DescribeKey`'s manager and state |
//! | `AWS::ApiGatewayV2::Api` | `apigatewayv2.api` (id: the API id) | `GetApis`' id and protocol |
//! | `AWS::IAM::Role` | `iam.role` (id: the role name) | `GetAccountAuthorizationDetails`' creation date and `RoleLastUsed`, checked when the listing began |
//!
//! Each answer has the same shape, and the same values, as the lookup's own call gives
//! (`GetFunctionConfiguration`, `DescribeSecret`, `DescribeKey`, `GetApi`, `GetRole`: a role's entry in
//! `GetAccountAuthorizationDetails` carries the same `RoleLastUsed` as `GetRole`): the verdicts
//! are the same. A
//! description without what the answer needs (a function's environment Lambda could not
//! decrypt, a secret listed without its creation date) gives no answer, and the lookup is asked
//! as before.

use serde_json::{json, Value};
use vigil_core::lookups::{LookupKey, LookupKind};
use vigil_core::resource::ResourceType;
use vigil_core::sweep::Description;

/// The answers `description` carries; `listed_at` (RFC 3339) is when its listing began, the
/// `checkedAt` of answers that say when they were checked.
pub fn answers(description: &Description, listed_at: &str) -> Vec<(LookupKey, Value)> {
    let c = &description.configuration;
    match description.resource_type {
        ResourceType::LAMBDA_FUNCTION => {
            // No `environment`: Lambda could not decrypt it for the caller (unknown).
            let Some(environment) = c.get("environment") else {
                return Vec::new();
            };
            let environment = match environment.get("variables") {
                Some(variables) => json!({ "Variables": variables }),
                None => Value::Null,
            };
            let answer = json!({
                "Environment": environment,
                "KMSKeyArn": c.get("kmskeyArn").cloned().unwrap_or(Value::Null),
            });
            vec![(
                LookupKey::new(LookupKind::LambdaFunctionConfiguration, &description.id),
                answer,
            )]
        }
        ResourceType::SECRETSMANAGER_SECRET => {
            let Some(created) = c.get("CreatedDate").filter(|d| !d.is_null()) else {
                return Vec::new();
            };
            let field = |name: &str| c.get(name).cloned().unwrap_or(Value::Null);
            let answer = json!({
                "name": field("Name"),
                "createdDate": created,
                "lastRotatedDate": field("LastRotatedDate"),
                "lastAccessedDate": field("LastAccessedDate"),
                "rotationEnabled": c.get("RotationEnabled").and_then(Value::as_bool).unwrap_or(false),
                "checkedAt": listed_at,
            });
            vec![(
                LookupKey::new(LookupKind::SecretsManagerSecret, &description.arn),
                answer,
            )]
        }
        ResourceType::KMS_KEY => {
            let answer = json!({
                "KeyManager": c.get("keyManager").cloned().unwrap_or(Value::Null),
                "KeyState": c.get("keyState").cloned().unwrap_or(Value::Null),
            });
            let mut ids = vec![description.arn.clone()];
            if description.id != description.arn {
                ids.push(description.id.clone());
            }
            ids.into_iter()
                .filter(|id| !id.is_empty())
                .map(|id| (LookupKey::new(LookupKind::KmsKey, id), answer.clone()))
                .collect()
        }
        ResourceType::API_GATEWAY_V2_API => {
            let Some(protocol) = c.get("protocolType").filter(|p| p.is_string()) else {
                return Vec::new();
            };
            let answer = json!({ "apiId": description.id, "protocolType": protocol });
            vec![(
                LookupKey::new(LookupKind::ApiGatewayV2Api, &description.id),
                answer,
            )]
        }
        ResourceType::IAM_ROLE => {
            let (Some(name), Some(created)) = (
                c.get("roleName").filter(|n| n.is_string()),
                c.get("createDate").filter(|d| !d.is_null()),
            ) else {
                return Vec::new();
            };
            let answer = json!({
                "roleName": name,
                "createDate": created,
                "lastUsedDate": c.pointer("/roleLastUsed/lastUsedDate").cloned().unwrap_or(Value::Null),
                "checkedAt": listed_at,
            });
            let name = name.as_str().unwrap_or_default();
            vec![(LookupKey::new(LookupKind::IamRole, name), answer)]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::lookups::Lookups;

    fn description(resource_type: &'static str, id: &str, arn: &str, c: Value) -> Description {
        Description {
            resource_type,
            id: id.into(),
            name: None,
            arn: arn.into(),
            configuration: c,
            supplementary: None,
            tags: None,
            operation: "List",
        }
    }

    /// Every answer reads as its kind's typed answer, as a fetched one would.
    fn readable(answers: &[(LookupKey, Value)]) {
        for (key, json) in answers {
            let mut lookups = Lookups::none();
            lookups
                .insert_json(key.clone(), json.clone())
                .unwrap_or_else(|e| panic!("{}: {e}", key.label()));
        }
    }

    #[test]
    fn a_listed_function_answers_its_configuration() {
        let d = description(
            ResourceType::LAMBDA_FUNCTION,
            "orders",
            "arn:aws:lambda:eu-west-2:123456789012:function:orders",
            json!({"functionName": "orders", "kmskeyArn": null,
                   "environment": {"variables": {"STAGE": "prod"}}}),
        );
        let a = answers(&d, "2026-12-06T00:00:00Z");
        assert_eq!(
            a,
            vec![(
                LookupKey::new(LookupKind::LambdaFunctionConfiguration, "orders"),
                json!({"Environment": {"Variables": {"STAGE": "prod"}}, "KMSKeyArn": null})
            )]
        );
        readable(&a);
        // No environment at all: null, as GetFunctionConfiguration says.
        let none = description(
            ResourceType::LAMBDA_FUNCTION,
            "orders",
            "arn",
            json!({"environment": {}}),
        );
        assert_eq!(answers(&none, "t")[0].1["Environment"], Value::Null);
        // An environment Lambda could not decrypt: no answer, the lookup is asked.
        let unknown = description(ResourceType::LAMBDA_FUNCTION, "orders", "arn", json!({}));
        assert!(answers(&unknown, "t").is_empty());
    }

    #[test]
    fn a_listed_secret_answers_its_dates_checked_when_the_listing_began() {
        let arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:db-Xy7Q2b";
        let d = description(
            ResourceType::SECRETSMANAGER_SECRET,
            arn,
            arn,
            json!({"ARN": arn, "Name": "db", "RotationEnabled": true,
                   "CreatedDate": "2026-01-01T00:00:00Z", "LastRotatedDate": null,
                   "LastAccessedDate": "2026-12-01T00:00:00Z"}),
        );
        let a = answers(&d, "2026-12-06T00:00:00Z");
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].0,
            LookupKey::new(LookupKind::SecretsManagerSecret, arn)
        );
        assert_eq!(a[0].1["checkedAt"], "2026-12-06T00:00:00Z");
        assert_eq!(a[0].1["lastAccessedDate"], "2026-12-01T00:00:00Z");
        assert_eq!(a[0].1["rotationEnabled"], true);
        readable(&a);
        // Without its creation date the listing does not answer.
        let bare = description(
            ResourceType::SECRETSMANAGER_SECRET,
            arn,
            arn,
            json!({"ARN": arn}),
        );
        assert!(answers(&bare, "t").is_empty());
    }

    #[test]
    fn a_listed_key_answers_under_its_arn_and_its_id() {
        let arn = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd";
        let d = description(
            ResourceType::KMS_KEY,
            "1234abcd",
            arn,
            json!({"keyManager": "CUSTOMER", "keyState": "Enabled"}),
        );
        let a = answers(&d, "t");
        let ids: Vec<_> = a.iter().map(|(k, _)| k.id.as_str()).collect();
        assert_eq!(ids, vec![arn, "1234abcd"]);
        assert_eq!(
            a[0].1,
            json!({"KeyManager": "CUSTOMER", "KeyState": "Enabled"})
        );
        readable(&a);
    }

    #[test]
    fn a_listed_role_answers_its_last_use_checked_when_the_listing_began() {
        let d = description(
            ResourceType::IAM_ROLE,
            "AROA1",
            "arn:aws:iam::123456789012:role/app",
            json!({"roleName": "app", "createDate": "2024-01-01T00:00:00Z",
                   "roleLastUsed": {"lastUsedDate": "2026-10-01T08:00:00Z"}}),
        );
        let a = answers(&d, "2026-12-06T00:00:00Z");
        assert_eq!(
            a,
            vec![(
                LookupKey::new(LookupKind::IamRole, "app"),
                json!({"roleName": "app", "createDate": "2024-01-01T00:00:00Z",
                       "lastUsedDate": "2026-10-01T08:00:00Z", "checkedAt": "2026-12-06T00:00:00Z"})
            )]
        );
        readable(&a);
        // Never used: null, as GetRole says.
        let unused = description(
            ResourceType::IAM_ROLE,
            "AROA1",
            "arn",
            json!({"roleName": "app", "createDate": "2024-01-01T00:00:00Z",
                   "roleLastUsed": {"lastUsedDate": null}}),
        );
        assert_eq!(answers(&unused, "t")[0].1["lastUsedDate"], Value::Null);
        // Without its creation date the listing does not answer: the lookup is asked.
        let bare = description(
            ResourceType::IAM_ROLE,
            "AROA1",
            "arn",
            json!({"roleName": "app"}),
        );
        assert!(answers(&bare, "t").is_empty());
    }

    #[test]
    fn a_listed_v2_api_answers_its_protocol() {
        let d = description(
            ResourceType::API_GATEWAY_V2_API,
            "k1l2m3n4o5",
            "arn:aws:apigateway:eu-west-2::/apis/k1l2m3n4o5",
            json!({"apiId": "k1l2m3n4o5", "name": "chat", "protocolType": "WEBSOCKET"}),
        );
        let a = answers(&d, "t");
        assert_eq!(
            a,
            vec![(
                LookupKey::new(LookupKind::ApiGatewayV2Api, "k1l2m3n4o5"),
                json!({"apiId": "k1l2m3n4o5", "protocolType": "WEBSOCKET"})
            )]
        );
        readable(&a);
        let bare = description(ResourceType::API_GATEWAY_V2_API, "k1", "arn", json!({}));
        assert!(answers(&bare, "t").is_empty());
    }

    #[test]
    fn other_kinds_answer_nothing() {
        let d = description(ResourceType::RDS_DB_INSTANCE, "db", "arn", json!({}));
        assert!(answers(&d, "t").is_empty());
    }
}
