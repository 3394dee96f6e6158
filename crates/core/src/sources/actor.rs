//! Who made a CloudTrail call, from where and how: the record's `userIdentity` (every identity
//! type the CloudTrail userIdentity element documents: IAM user, assumed role with its session
//! issuer and session name, federated user, IAM Identity Center user, AWS service, root),
//! `sourceIPAddress`, `userAgent` and whether the session used MFA.
//!
//! The access key id and the principal id are deliberately not kept: neither helps a person
//! and the first is a credential's name.

use crate::error::InputError;
use crate::json::{join, Obj};
use crate::observation::Actor;

/// Reads the actor of the call whose `detail` this is.
pub fn actor(d: Obj<'_>) -> Result<Actor, InputError> {
    let mut actor = Actor {
        source_ip: d.opt_str("sourceIPAddress")?.map(str::to_string),
        user_agent: d.opt_str("userAgent")?.map(str::to_string),
        ..Actor::default()
    };
    let Some(identity) = d.opt_obj("userIdentity", "detail.userIdentity")? else {
        return Ok(actor);
    };
    let text = |o: Obj<'_>, key: &str| -> Result<Option<String>, InputError> {
        Ok(o.opt_str(key)?.map(str::to_string))
    };
    actor.identity_type = text(identity, "type")?;
    actor.arn = text(identity, "arn")?;
    actor.account_id = text(identity, "accountId")?;
    actor.user_name = text(identity, "userName")?;
    actor.invoked_by = text(identity, "invokedBy")?;
    let session_path = join("detail.userIdentity", "sessionContext");
    if let Some(session) = identity.opt_obj("sessionContext", &session_path)? {
        let issuer_path = join(&session_path, "sessionIssuer");
        if let Some(issuer) = session.opt_obj("sessionIssuer", &issuer_path)? {
            actor.session_issuer = text(issuer, "arn")?;
            actor.session_issuer_name = text(issuer, "userName")?;
            actor.session_issuer_type = text(issuer, "type")?;
        }
        let attributes_path = join(&session_path, "attributes");
        if let Some(attributes) = session.opt_obj("attributes", &attributes_path)? {
            actor.mfa = attributes.flag_fact("mfaAuthenticated")?.get().copied();
        }
        actor.source_identity = text(session, "sourceIdentity")?;
    }
    // An assumed role's session name is the last part of its ARN
    // (`assumed-role/<role>/<session>`); a federated user's name the last part of its
    // (`federated-user/<name>`).
    if actor.user_name.is_none() {
        if let Some(arn) = &actor.arn {
            let resource = arn.splitn(6, ':').nth(5).unwrap_or_default();
            let mut parts = resource.split('/');
            match (parts.next(), actor.identity_type.as_deref()) {
                (Some("assumed-role"), _) => {
                    actor.session_name = parts.nth(1).map(str::to_string);
                }
                (Some("federated-user"), _) => {
                    actor.user_name = parts.next().map(str::to_string);
                }
                _ => {}
            }
        }
    }
    Ok(actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn read(identity: Value) -> Actor {
        let d = json!({"userIdentity": identity, "sourceIPAddress": "203.0.113.7",
                       "userAgent": "aws-cli/2.15.0"});
        actor(Obj::new(&d, "detail").unwrap()).unwrap()
    }

    // The identities below follow the examples of the CloudTrail userIdentity element
    // reference (account and names changed to the samples' own).

    #[test]
    fn an_iam_user_is_named_with_mfa_and_without_its_access_key() {
        let a = read(json!({
            "type": "IAMUser", "principalId": "AIDAJ45Q7YFFAREXAMPLE",
            "arn": "arn:aws:iam::123456789012:user/bob", "accountId": "123456789012",
            "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "bob",
            "sessionContext": {"attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "true"}}
        }));
        assert_eq!(a.who(), "IAM user bob (MFA)");
        assert_eq!(a.mfa, Some(true));
        assert!(!format!("{a:?}").contains("AKIA"));
        assert!(!format!("{a:?}").contains("AIDAJ45Q7YFFAREXAMPLE"));
    }

    #[test]
    fn an_assumed_role_names_its_session_and_role() {
        let a = read(json!({
            "type": "AssumedRole", "principalId": "AROAIDPPEZS35WEXAMPLE:alice@example.com",
            "arn": "arn:aws:sts::123456789012:assumed-role/DevOps/alice@example.com",
            "accountId": "123456789012", "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": "AROAIDPPEZS35WEXAMPLE",
                    "arn": "arn:aws:iam::123456789012:role/DevOps", "accountId": "123456789012",
                    "userName": "DevOps"},
                "webIdFederationData": {},
                "attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "false"}
            }
        }));
        assert_eq!(a.session_name.as_deref(), Some("alice@example.com"));
        assert_eq!(a.session_issuer_name.as_deref(), Some("DevOps"));
        assert_eq!(a.who(), "alice@example.com (role DevOps, no MFA)");
    }

    #[test]
    fn an_identity_center_user_is_named_by_the_session_of_its_permission_set_role() {
        let a = read(json!({
            "type": "AssumedRole", "principalId": "AROAEXAMPLEID:alice@example.com",
            "arn": "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com",
            "accountId": "123456789012",
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEID",
                    "arn": "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
                    "accountId": "123456789012",
                    "userName": "AWSReservedSSO_AdministratorAccess_0123456789abcdef"},
                "attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "false"}
            }
        }));
        assert_eq!(
            a.who(),
            "alice@example.com (IAM Identity Center, permission set AdministratorAccess)"
        );
    }

    #[test]
    fn a_federated_user_names_itself_and_the_user_that_federated_it() {
        let a = read(json!({
            "type": "FederatedUser", "principalId": "123456789012:carol",
            "arn": "arn:aws:sts::123456789012:federated-user/carol", "accountId": "123456789012",
            "sessionContext": {
                "sessionIssuer": {"type": "IAMUser", "principalId": "AIDAEXAMPLE",
                    "arn": "arn:aws:iam::123456789012:user/broker", "accountId": "123456789012",
                    "userName": "broker"},
                "attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "false"}
            }
        }));
        assert_eq!(
            a.who(),
            "federated user carol (via IAM user broker, no MFA)"
        );
    }

    #[test]
    fn an_aws_service_and_the_root_user_are_named_as_such() {
        let a = read(json!({"type": "AWSService", "invokedBy": "cloudformation.amazonaws.com"}));
        assert_eq!(a.who(), "the AWS service cloudformation.amazonaws.com");
        let a = read(json!({
            "type": "Root", "principalId": "123456789012",
            "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012",
            "sessionContext": {"attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "false"}}
        }));
        assert_eq!(a.who(), "the account's root user (no MFA)");
    }

    #[test]
    fn a_call_a_service_made_for_a_role_says_so() {
        let a = read(json!({
            "type": "AssumedRole",
            "arn": "arn:aws:sts::123456789012:assumed-role/cfn-deploy/AWSCloudFormation",
            "invokedBy": "cloudformation.amazonaws.com",
            "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "cfn-deploy",
                "arn": "arn:aws:iam::123456789012:role/cfn-deploy"}}
        }));
        assert_eq!(
            a.who(),
            "AWSCloudFormation (role cfn-deploy, through cloudformation.amazonaws.com)"
        );
    }

    #[test]
    fn an_identity_of_the_wrong_shape_is_an_error_naming_the_field() {
        let d = json!({"userIdentity": {"type": 7}});
        let err = actor(Obj::new(&d, "detail").unwrap()).unwrap_err();
        assert!(
            err.to_string().contains("detail.userIdentity.type"),
            "{err}"
        );
        let d =
            json!({"userIdentity": {"sessionContext": {"attributes": {"mfaAuthenticated": []}}}});
        assert!(actor(Obj::new(&d, "detail").unwrap()).is_err());
    }

    #[test]
    fn without_an_identity_only_the_place_is_known() {
        let d = json!({"sourceIPAddress": "203.0.113.7"});
        let a = actor(Obj::new(&d, "detail").unwrap()).unwrap();
        assert_eq!(a.who(), "an unknown principal");
        assert_eq!(a.source_ip.as_deref(), Some("203.0.113.7"));
    }
}
