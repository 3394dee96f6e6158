//! Vigil: IAM roles unused for longer than a set number of days should be removed.
//!
//! Beyond FSBP (FSBP IAM.8 covers unused user credentials, not roles). Source: Vigil practice,
//! after Prowler's `iam_role_unused` idea and the IAM User Guide's "Refining permissions using
//! last accessed information". Uses the `iam.role` lookup (id: the role name), which the shell
//! answers from `GetRole` ([`crate::lookups::iam::Role`]). The core has no clock: the answer's
//! `checkedAt` is the time it describes. FAILED when the role was last used more than
//! [`Settings::unused_role_days`](crate::settings::Settings) (default 90) days before
//! `checkedAt`, or never used and created longer ago than that. Service-linked roles are not
//! applicable.

use crate::lookups::iam::Role;
use crate::lookups::{Key, LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{iam_role, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;
use chrono::{DateTime, Utc};

/// Unused roles.
pub struct RoleUnused;

static META: RuleMeta = RuleMeta {
    id: "iam-role-unused",
    title: "IAM roles that have not been used for 90 days should be removed",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::Role",
    controls: &[],
    gdpr: &["Art. 5(1)(c)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the role was used within unused_role_days days (default 90) of the check, or was created more recently than that",
    rationale: "Roles left behind by old projects, former suppliers or experiments keep their permissions long after anyone remembers them. Nobody watches them, so they are an easy, quiet way in. Removing what is not used keeps access to personal data limited to what the business still needs.",
    remediation: "Check the role's 'Last activity' in the IAM console (Roles list), confirm nothing still needs it, then delete it: detach its policies and remove it from instance profiles first. CLI: aws iam get-role --role-name <role> --query Role.RoleLastUsed; aws iam delete-role --role-name <role>",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Roles > {name} > check Last activity > Delete",
        command: "aws iam get-role --role-name {name} --query Role.RoleLastUsed
aws iam list-attached-role-policies --role-name {name}
aws iam list-role-policies --role-name {name}
aws iam list-instance-profiles-for-role --role-name {name}
aws iam delete-role --role-name {name}",
        caution: Some("Deleting a role cannot be undone: first detach its managed policies (detach-role-policy), delete its inline policies (delete-role-policy) and remove it from instance profiles (remove-role-from-instance-profile), as the list commands show."),
        inputs: &[],
    }),
    source: "Vigil practice (IAM last-accessed information; Prowler unused role checks); not an FSBP control",
};

fn key(role: &crate::resources::iam_role::IamRole) -> Option<Key<Role>> {
    role.name.get().map(|n| Role::key(n.clone()))
}

impl Rule for RoleUnused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        iam_role(resource)
            .and_then(key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(role) = iam_role(resource) else {
            return wrong_type(&META);
        };
        if role.is_service_linked() == crate::fact::Fact::Known(true) {
            return Verdict::not_applicable(
                "a service-linked role: the service that owns it removes it",
            );
        }
        let Some(key) = key(role) else {
            return Verdict::undetermined(["roleName"]);
        };
        let answer = match ctx.lookups.get(&key) {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let Some(checked) = answer.checked_at else {
            return Verdict::undetermined(["iam.role checkedAt"]);
        };
        let (last_used, created) = (answer.last_used_date, answer.create_date);
        let limit = ctx.settings.unused_role_days;
        let days = |since: DateTime<Utc>| (checked - since).num_days();
        match (last_used, created) {
            (Some(last), _) if days(last) > limit => Verdict::failed(
                format!("the role has not been used for {} days (more than {limit})", days(last)),
                vec![Evidence::new("RoleLastUsed.LastUsedDate", last.format("%Y-%m-%d"))],
            ),
            (Some(last), _) => Verdict::passed(format!(
                "the role was last used {} day(s) ago (within {limit})",
                days(last)
            )),
            (None, Some(created)) if days(created) > limit => Verdict::failed(
                format!(
                    "the role has never been used in the {} days since it was created (more than {limit})",
                    days(created)
                ),
                vec![
                    Evidence::new("RoleLastUsed.LastUsedDate", "never"),
                    Evidence::new("CreateDate", created.format("%Y-%m-%d")),
                ],
            ),
            (None, Some(created)) => Verdict::passed(format!(
                "the role is new ({} day(s) old) and not used yet",
                days(created)
            )),
            (None, None) => Verdict::undetermined(["iam.role createDate"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::iam::test_support::*;
    use crate::settings::Settings;
    use serde_json::json;

    fn with(answer: serde_json::Value, settings: &Settings) -> Verdict {
        let r = role_with(lambda_trust(), &[]);
        let mut lookups = Lookups::none();
        // As in the shell, a malformed answer is not recorded: the lookup stays unanswered.
        let _ = lookups.insert_json(LookupKey::new(LookupKind::IamRole, "app"), answer);
        eval_with(&RoleUnused, &r, settings, &lookups)
    }

    #[test]
    fn a_role_unused_for_longer_than_the_limit_fails() {
        let v = with(
            json!({"roleName": "app", "createDate": "2024-01-01T00:00:00Z", "lastUsedDate": "2026-01-10T08:00:00Z", "checkedAt": "2026-11-23T09:00:00Z"}),
            &Settings::default(),
        );
        assert!(is_failed_with(&v, "not been used for 317 days"), "{v:?}");
    }

    #[test]
    fn recent_use_passes_and_the_limit_is_a_setting() {
        let answer = json!({"roleName": "app", "createDate": "2024-01-01T00:00:00Z", "lastUsedDate": "2026-10-01T00:00:00Z", "checkedAt": "2026-11-23T09:00:00Z"});
        assert!(matches!(
            with(answer.clone(), &Settings::default()),
            Verdict::Passed { .. }
        ));
        let strict = Settings {
            unused_role_days: 30,
            ..Settings::default()
        };
        assert!(matches!(with(answer, &strict), Verdict::Failed { .. }));
    }

    #[test]
    fn never_used_roles_fail_once_old_enough() {
        let old = json!({"roleName": "app", "createDate": "2025-01-01T00:00:00Z", "lastUsedDate": null, "checkedAt": "2026-11-23T09:00:00Z"});
        assert!(is_failed_with(
            &with(old, &Settings::default()),
            "never been used"
        ));
        let new = json!({"roleName": "app", "createDate": "2026-11-20T00:00:00Z", "checkedAt": "2026-11-23T09:00:00Z"});
        assert!(matches!(
            with(new, &Settings::default()),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_it_is_undetermined() {
        let r = role_with(lambda_trust(), &[]);
        assert_eq!(
            RoleUnused.lookups(&r),
            vec![LookupKey::new(LookupKind::IamRole, "app")]
        );
        assert_eq!(
            eval(&RoleUnused, &r),
            Verdict::undetermined(["iam.role:app"])
        );
        assert!(matches!(
            with(json!({"roleName": "app"}), &Settings::default()),
            Verdict::Undetermined { .. }
        ));
        assert_eq!(
            with(json!({"checkedAt": "yesterday"}), &Settings::default()),
            Verdict::undetermined(["iam.role:app"]),
            "a malformed answer is no answer"
        );
    }
}
