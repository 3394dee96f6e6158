//! One descriptor per resource kind: everything Vigil knows about a kind that is not its model
//! or its rules, in one place.
//!
//! A [`Kind`] says what the kind is called (its AWS type name, its ASFF type, a noun for people),
//! where its events come from (whether AWS Config records it; the CloudTrail calls that change
//! it, each with what it means and [how it names the resource](Naming)), how its configuration
//! is read (the parser in [`crate::resources`]), and what the shell needs to read it from AWS
//! (its describe call and the IAM actions that call needs; its list call, for a sweep).
//!
//! Everything else is derived from [`KINDS`]: [`crate::resource::ResourceType::asff_type`] and
//! [`noun`](crate::resource::ResourceType::noun), [`crate::resources::parse_configuration`],
//! [`crate::resources::SUPPORTED`], [`crate::resources::CLOUDTRAIL_ONLY`],
//! [`crate::resources::is_supported`], [`crate::sources::cloudtrail::CALLS`] and the way a
//! CloudTrail call names its resource. The SAM template's event patterns and the evaluate
//! function's describe permissions are checked against these tables by tests, both ways
//! (`kinds::template`).
//!
//! The descriptors are grouped by service, one file each; [`KINDS`] lists them all.

pub mod account;
pub mod apigateway;
pub mod cloudtrail;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod secretsmanager;
pub mod watched;

#[cfg(test)]
mod template;
#[cfg(test)]
mod yaml;

use crate::error::InputError;
use crate::json::Obj;
use crate::resource::Resource;

/// Reads a kind's configuration (the JSON shape AWS Config and CloudTrail share) and, where the
/// source has one, the Config item's decoded `supplementaryConfiguration`. A missing
/// `supplementary` is unknown, not empty.
pub type Parser = for<'a> fn(
    configuration: Obj<'a>,
    supplementary: Option<Obj<'a>>,
) -> Result<Resource, InputError>;

/// Everything Vigil knows about one resource kind besides its model and its rules.
#[derive(Debug)]
pub struct Kind {
    /// The AWS type name, as AWS Config (or, for a type Config does not record, CloudFormation)
    /// writes it: `AWS::RDS::DBInstance`.
    pub type_name: &'static str,
    /// The resource type Security Hub's ASFF uses (`AwsRdsDbInstance`), or `Other` where ASFF
    /// has no type for it.
    pub asff_type: &'static str,
    /// A short noun for people: "RDS database".
    pub noun: &'static str,
    /// Whether AWS Config records the kind. The template's Config event pattern lists exactly
    /// the kinds it records; a kind it does not record reaches Vigil through its CloudTrail
    /// [`calls`](Kind::calls) and its [`describe`](Kind::describe) call only.
    pub recorded_by_config: bool,
    /// Reads the kind's configuration into its model.
    pub parse: Parser,
    /// The CloudTrail write calls Vigil evaluates for this kind. The template's CloudTrail
    /// rules route exactly these.
    pub calls: &'static [Call],
    /// The shell's describe call for the kind (`vigil_aws::describe::describe`): what a
    /// CloudTrail call without a usable description, or an oversized Config item Config cannot
    /// give back, is resolved with. `None`: the shell cannot describe the kind. The evaluate
    /// function's role grants every action named here (a test checks).
    pub describe: Option<ApiCall>,
    /// The call that lists the kind's resources for the sweep (`vigil_aws::list::list`), with
    /// every IAM action its adapter needs, follow-up describes included (for a stage, the APIs'
    /// listing and then each API's stages). The sweep function's role grants exactly these
    /// (a test checks both ways).
    pub list: ApiCall,
}

impl Kind {
    /// Whether the shell can describe resources of this kind.
    pub fn describable(&self) -> bool {
        self.describe.is_some()
    }
}

/// One AWS API call the shell makes for a kind, with the IAM actions it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiCall {
    /// The operation, as the service's API reference names it: `DescribeDBInstances`.
    pub operation: &'static str,
    /// Every IAM action the shell's adapter needs, including the follow-up calls it makes
    /// (an IAM user's policies and groups): `rds:DescribeDBInstances`.
    pub actions: &'static [&'static str],
}

/// What a CloudTrail call means for its resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallEffect {
    /// The call's `responseElements` describe the resource as it now is.
    Describes,
    /// The call deletes the resource.
    Deletes,
    /// The call changes something about the resource that neither its response nor the
    /// resource's AWS Config item describes (an IAM user's access keys, password or MFA
    /// devices): the resource is described again and re-evaluated, so the rules that look it up
    /// judge the change at once instead of at the next Config change.
    Names,
}

/// One CloudTrail write call Vigil evaluates.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    /// `eventSource`, e.g. `rds.amazonaws.com`.
    pub event_source: &'static str,
    /// `eventName` as CloudTrail writes it (Lambda's carry the API version:
    /// `UpdateFunctionConfiguration20150331v2`).
    pub event_name: &'static str,
    /// What the call means for its resource.
    pub effect: CallEffect,
    /// How the call names its resource. Every call has one: there is no fallback.
    pub naming: &'static Naming,
    /// The row applies only when this place in the call holds a string: API Gateway writes the
    /// REST (v1) and the HTTP/WebSocket (v2) `CreateStage` under one event source and name, told
    /// apart by `restApiId` or `apiId` in the request. `None`: the row always applies.
    pub only_if: Option<Place>,
    /// Members of the resource as the response describes it that CloudTrail does not record
    /// faithfully (a Lambda function's `environment`): removed before parsing, so they are
    /// unknown rather than misread.
    pub unrecorded: &'static [&'static str],
    /// A member of the resource as the response describes it that is, in AWS Config's item,
    /// the kind's supplementary configuration (`ModifyDBSnapshotAttribute`'s
    /// `dBSnapshotAttributes` is Config's `DBSnapshotAttributes`): parsed as that.
    pub supplement: Option<Supplement>,
    /// The call may also change a verdict about the account as a whole, which no resource of
    /// its own kind can give: a trail created, or one made single-Region, decides CloudTrail.1.
    /// The account is then described again beside the call's resource
    /// (`crate::sources::Read::account`).
    pub account_too: bool,
}

/// A response member read as a supplementary configuration key (see [`Call::supplement`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Supplement {
    /// The member of the described resource.
    pub member: &'static str,
    /// The supplementary configuration key it is.
    pub key: &'static str,
}

/// A call row of a kind's table.
pub(crate) const fn call(
    event_source: &'static str,
    event_name: &'static str,
    effect: CallEffect,
    naming: &'static Naming,
) -> Call {
    Call {
        event_source,
        event_name,
        effect,
        naming,
        only_if: None,
        unrecorded: &[],
        supplement: None,
        account_too: false,
    }
}

impl Call {
    /// The row, applying only when `place` holds a string.
    pub(crate) const fn only_if(self, place: Place) -> Call {
        Call {
            only_if: Some(place),
            ..self
        }
    }

    /// The row, reading the response's `member` as the supplementary configuration's `key`.
    pub(crate) const fn supplement(self, member: &'static str, key: &'static str) -> Call {
        Call {
            supplement: Some(Supplement { member, key }),
            ..self
        }
    }

    /// The row, with the account described again beside the call's resource
    /// ([`Call::account_too`]).
    pub(crate) const fn account_too(self) -> Call {
        Call {
            account_too: true,
            ..self
        }
    }

    /// The row, with these response members treated as unknown.
    pub(crate) const fn unrecorded(self, members: &'static [&'static str]) -> Call {
        Call {
            unrecorded: members,
            ..self
        }
    }
}

/// How a CloudTrail call names the resource it acts on: where its name, ARN and resource id are
/// found in the call, and how its ARN is built when the call does not carry it.
#[derive(Clone, Copy, Debug)]
pub struct Naming {
    /// The member of `responseElements` that holds the resource when the response wraps it
    /// (`{"dBProxy": {...}}`); without that member, `responseElements` is the resource itself.
    /// [`Place::Response`] paths start from the resource.
    pub wrapper: Option<&'static str>,
    /// Where the resource's name is, in order: the first place that has it names the resource.
    /// A call whose every place is empty is malformed input.
    pub name: &'static [Place],
    /// Where the id of the resource's parent is (an API stage's API), for kinds whose ARN holds
    /// it as `{parent}`; empty for the others. A call whose every place is empty is malformed.
    pub parent: &'static [Place],
    /// Where the resource id AWS Config uses is (an RDS instance's `dbiResourceId`), when the
    /// call can carry it. Otherwise, or when it is absent, the id is the name.
    pub id: Option<Place>,
    /// Where the resource's ARN is, when the call can carry it.
    pub arn: Option<Place>,
    /// The ARN built from the name when the call does not carry it, with `{partition}`,
    /// `{region}`, `{account}`, `{name}` and `{parent}` filled in.
    pub arn_pattern: &'static str,
    /// Whether the ARN built from [`arn_pattern`](Naming::arn_pattern) is the resource's own.
    pub built_arn: BuiltArn,
}

/// Whether an ARN built from a resource's name is its real ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltArn {
    /// The name determines the ARN.
    Real,
    /// It does not (a DB proxy's ARN ends in its resource id, an IAM user's holds its path):
    /// the built ARN is a stand-in, so a describing call that does not carry the ARN is
    /// resolved with the describe call, whose ARN becomes the identity.
    Provisional,
}

/// A place in a CloudTrail call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A string at this path in the resource as the response describes it (inside the
    /// [wrapper](Naming::wrapper), when the response has one).
    Response(&'static [&'static str]),
    /// A string at this path in `requestParameters`.
    Request(&'static [&'static str]),
    /// The caller's `field` in `userIdentity`, when the caller's `type` is `identity_type`
    /// (IAM applies a credential call without `userName` to the calling IAM user).
    Caller {
        /// `userIdentity.type`, e.g. `IAMUser`.
        identity_type: &'static str,
        /// The `userIdentity` field that names the resource, e.g. `userName`.
        field: &'static str,
    },
}

impl Naming {
    /// The ARN built from the name (and the parent's id, for a kind whose ARN holds it).
    pub fn build_arn(
        &self,
        partition: &str,
        region: &str,
        account: &str,
        name: &str,
        parent: Option<&str>,
    ) -> String {
        self.arn_pattern
            .replace("{partition}", partition)
            .replace("{region}", region)
            .replace("{account}", account)
            .replace("{name}", name)
            .replace("{parent}", parent.unwrap_or_default())
    }
}

/// Every resource kind Vigil models, in a stable order: the AWS Config-recorded kinds, then
/// those Config does not record.
pub static KINDS: &[&Kind] = &[
    &rds::DB_INSTANCE,
    &rds::DB_CLUSTER,
    &rds::DB_SNAPSHOT,
    &rds::DB_CLUSTER_SNAPSHOT,
    &rds::EVENT_SUBSCRIPTION,
    &dynamodb::TABLE,
    &kms::KEY,
    &secretsmanager::SECRET,
    &iam::ROLE,
    &iam::POLICY,
    &iam::USER,
    &ec2::SECURITY_GROUP,
    &ec2::VPC_ENDPOINT,
    &lambda::FUNCTION,
    &apigateway::REST_API,
    &apigateway::STAGE,
    &apigateway::V2_API,
    &apigateway::V2_STAGE,
    &apigateway::V2_INTEGRATION,
    &cloudtrail::TRAIL,
    &guardduty::DETECTOR,
    &config::RECORDER,
    &rds::DB_PROXY,
    &dynamodb::DAX_CLUSTER,
    &apigateway::DOMAIN_NAME,
    &account::ACCOUNT,
];

/// The descriptor of a type, if Vigil models it.
pub fn kind(type_name: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.type_name == type_name)
}

/// A CloudTrail call with the kind it acts on.
#[derive(Clone, Copy, Debug)]
pub struct CallSpec {
    /// The kind of resource the call acts on.
    pub kind: &'static Kind,
    /// The call.
    pub call: &'static Call,
}

/// Every CloudTrail call Vigil evaluates, with its kind.
pub fn calls() -> impl Iterator<Item = CallSpec> {
    KINDS
        .iter()
        .copied()
        .flat_map(|kind| kind.calls.iter().map(move |call| CallSpec { kind, call }))
}

/// The first call with this `eventSource` and `eventName`, if Vigil evaluates it.
pub fn call_for(event_source: &str, event_name: &str) -> Option<CallSpec> {
    calls_named(event_source, event_name).next()
}

/// Every call row with this `eventSource` and `eventName`, in table order (several when kinds
/// share a name, told apart by [`Call::only_if`]).
pub fn calls_named<'a>(
    event_source: &'a str,
    event_name: &'a str,
) -> impl Iterator<Item = CallSpec> + 'a {
    calls().filter(move |c| c.call.event_source == event_source && c.call.event_name == event_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::ResourceType;
    use crate::sources::{parse_event, Parsed};
    use crate::ObservedState;
    use serde_json::{json, Value};
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_appears_once_and_every_call_once() {
        let mut types = BTreeSet::new();
        for k in KINDS {
            assert!(types.insert(k.type_name), "{} is listed twice", k.type_name);
            assert!(k.type_name.starts_with("AWS::"), "{}", k.type_name);
            assert!(!k.noun.is_empty() && !k.asff_type.is_empty());
            assert!(
                !k.list.actions.is_empty(),
                "{} has no list action",
                k.type_name
            );
        }
        let mut calls_seen = BTreeSet::new();
        for c in calls() {
            let condition = c.call.only_if.map(|p| format!("{p:?}"));
            assert!(
                calls_seen.insert((c.call.event_source, c.call.event_name, condition.clone())),
                "{} {} is listed twice",
                c.call.event_source,
                c.call.event_name
            );
            assert!(c.call.event_source.ends_with(".amazonaws.com"));
            assert!(
                !c.call.naming.name.is_empty(),
                "{} names no place",
                c.call.event_name
            );
            // A name several rows share is told apart by the call: every such row says how.
            let rows = calls_named(c.call.event_source, c.call.event_name).count();
            if rows > 1 {
                assert!(
                    condition.is_some(),
                    "{} is shared: it needs only_if",
                    c.call.event_name
                );
            } else {
                let spec = call_for(c.call.event_source, c.call.event_name).unwrap();
                assert_eq!(spec.kind.type_name, c.kind.type_name);
            }
        }
    }

    #[test]
    fn the_resource_type_names_are_the_descriptors() {
        for (constant, kind) in [
            (ResourceType::RDS_DB_INSTANCE, &rds::DB_INSTANCE),
            (ResourceType::RDS_DB_CLUSTER, &rds::DB_CLUSTER),
            (ResourceType::RDS_DB_SNAPSHOT, &rds::DB_SNAPSHOT),
            (
                ResourceType::RDS_DB_CLUSTER_SNAPSHOT,
                &rds::DB_CLUSTER_SNAPSHOT,
            ),
            (ResourceType::RDS_DB_PROXY, &rds::DB_PROXY),
            (ResourceType::DYNAMODB_TABLE, &dynamodb::TABLE),
            (ResourceType::DAX_CLUSTER, &dynamodb::DAX_CLUSTER),
            (ResourceType::KMS_KEY, &kms::KEY),
            (ResourceType::SECRETSMANAGER_SECRET, &secretsmanager::SECRET),
            (ResourceType::IAM_ROLE, &iam::ROLE),
            (ResourceType::IAM_POLICY, &iam::POLICY),
            (ResourceType::IAM_USER, &iam::USER),
            (ResourceType::EC2_SECURITY_GROUP, &ec2::SECURITY_GROUP),
            (ResourceType::EC2_VPC_ENDPOINT, &ec2::VPC_ENDPOINT),
            (ResourceType::LAMBDA_FUNCTION, &lambda::FUNCTION),
            (ResourceType::API_GATEWAY_REST_API, &apigateway::REST_API),
            (ResourceType::API_GATEWAY_STAGE, &apigateway::STAGE),
            (ResourceType::API_GATEWAY_V2_API, &apigateway::V2_API),
            (ResourceType::API_GATEWAY_V2_STAGE, &apigateway::V2_STAGE),
            (
                ResourceType::API_GATEWAY_DOMAIN_NAME,
                &apigateway::DOMAIN_NAME,
            ),
        ] {
            assert_eq!(kind.type_name, constant);
            let listed =
                super::kind(constant).unwrap_or_else(|| panic!("{constant} is not in KINDS"));
            assert_eq!(listed.noun, kind.noun);
        }
    }

    #[test]
    fn each_kind_parses_into_a_resource_of_that_kind() {
        // Every parser reads an empty configuration as a resource whose every field is
        // unknown; the resource's type is the kind's, so `Resource::type_name` (which routes
        // rules) and the descriptors agree.
        let empty = json!({});
        for k in KINDS {
            let resource = (k.parse)(Obj::new(&empty, "configuration").unwrap(), None)
                .unwrap_or_else(|e| panic!("{}: {e}", k.type_name));
            assert_eq!(resource.type_name(), k.type_name);
        }
    }

    #[test]
    fn every_catalogue_rule_evaluates_a_kind_with_a_descriptor() {
        for rule in crate::rules::CATALOGUE {
            let t = rule.meta().resource_type;
            // Account activity is events, not a kind: never listed, described or recorded.
            // Vigil's own deployment is read by the sweep function alone, not per region.
            if t == crate::resources::activity::ACTIVITY_TYPE
                || t == crate::resources::deployment::DEPLOYMENT_TYPE
            {
                continue;
            }
            assert!(
                kind(t).is_some(),
                "{} evaluates {t}, which has no descriptor",
                rule.meta().id
            );
        }
    }

    #[test]
    fn kinds_config_does_not_record_are_created_and_deleted_by_calls_and_describable() {
        // The account is never created or deleted by a call: its calls (the password policy's)
        // only have it described again.
        assert!(account::ACCOUNT.describable());
        assert!(account::ACCOUNT
            .calls
            .iter()
            .all(|c| c.effect == CallEffect::Names));
        for k in KINDS
            .iter()
            .filter(|k| !k.recorded_by_config && k.type_name != account::ACCOUNT.type_name)
        {
            let effects: Vec<_> = k.calls.iter().map(|c| c.effect).collect();
            assert!(
                effects.contains(&CallEffect::Describes) && effects.contains(&CallEffect::Deletes),
                "{} reaches Vigil only through CloudTrail: its calls must describe and delete it",
                k.type_name
            );
            assert!(k.describable(), "{} must be describable", k.type_name);
        }
    }

    #[test]
    fn a_call_needing_a_kind_vigil_cannot_describe_says_its_rules_stay_undetermined() {
        // A `Names` call always needs the resource described. Where the shell has no describer
        // for the kind yet, the observation says so, and the resolver reports the call as not
        // evaluated (the stored verdicts stand): such a call never passes a rule.
        for c in calls().filter(|c| c.call.effect == CallEffect::Names) {
            let mut request = json!({});
            let place = c
                .call
                .naming
                .name
                .iter()
                .chain(c.call.naming.parent)
                .chain(c.call.only_if.iter());
            for p in place {
                if let Place::Request(path) = p {
                    let mut at = &mut request;
                    for key in &path[..path.len() - 1] {
                        at = &mut at[*key];
                    }
                    at[path[path.len() - 1]] = json!("the-name");
                }
            }
            let event = json!({
                "version": "0", "id": "e", "detail-type": "AWS API Call via CloudTrail",
                "source": "aws.x", "account": "123456789012", "time": "2026-11-23T09:00:05Z",
                "region": "eu-west-2", "resources": [],
                "detail": {"eventSource": c.call.event_source, "eventName": c.call.event_name,
                           "eventTime": "2026-11-23T09:00:00Z", "requestParameters": request,
                           // The account's calls are named by the caller's account.
                           "userIdentity": {"type": "AssumedRole", "accountId": "123456789012"},
                           "readOnly": false}
            });
            let Ok(Parsed::Observation(o)) = parse_event(&event) else {
                panic!("{}: {:?}", c.call.event_name, parse_event(&event))
            };
            let ObservedState::NeedsFetch { reason } = o.state else {
                panic!("{}: {:?}", c.call.event_name, o.state)
            };
            assert_eq!(
                reason.contains("stay undetermined"),
                !c.kind.describable(),
                "{}: {reason}",
                c.call.event_name
            );
        }
    }

    #[test]
    fn a_kinds_calls_build_one_arn() {
        // The describe permissions are checked against the ARN a kind's calls build.
        for k in KINDS {
            let patterns: BTreeSet<_> = k.calls.iter().map(|c| c.naming.arn_pattern).collect();
            assert!(patterns.len() <= 1, "{}: {patterns:?}", k.type_name);
            for p in patterns {
                // The account's identity is Security Hub's own, which has no partition.
                if k.type_name == account::ACCOUNT.type_name {
                    assert_eq!(p, "AWS::::Account:{name}");
                    continue;
                }
                for part in ["{partition}", "{name}"] {
                    assert!(p.contains(part), "{}: {p} lacks {part}", k.type_name);
                }
            }
        }
    }

    /// Every CloudTrail sample event, by its path under `events/cloudtrail/`.
    pub(super) fn cloudtrail_samples() -> Vec<(&'static str, Value)> {
        macro_rules! samples {
            ($($path:literal),* $(,)?) => {
                vec![$((
                    $path,
                    serde_json::from_str(include_str!(concat!("../../../../events/cloudtrail/", $path)))
                        .expect($path),
                )),*]
            };
        }
        samples![
            "apigateway/create-api-websocket.json",
            "apigateway/create-domain-name-tls-1-0.json",
            "apigateway/create-route-v2-no-authorization.json",
            "apigateway/create-domain-name-tls-1-2.json",
            "apigateway/create-stage-v2-no-logging.json",
            "apigateway/delete-rest-api.json",
            "apigateway/put-method-no-authorization.json",
            "apigateway/update-stage-tracing-off.json",
            "cloudtrail/create-trail.json",
            "cloudtrail/delete-trail.json",
            "cloudtrail/put-event-selectors-dynamodb-data.json",
            "cloudtrail/put-event-selectors-write-only.json",
            "cloudtrail/start-logging.json",
            "cloudtrail/stop-logging.json",
            "cloudtrail/update-trail-log-file-validation-off.json",
            "config/delete-configuration-recorder.json",
            "config/stop-configuration-recorder.json",
            "dax/create-cluster-encrypted.json",
            "dax/create-cluster-unencrypted.json",
            "dax/delete-cluster.json",
            "dynamodb/create-table.json",
            "dynamodb/delete-table.json",
            "dynamodb/put-resource-policy.json",
            "dynamodb/restore-table-to-point-in-time.json",
            "dynamodb/tag-resource-personal-data.json",
            "ec2/authorize-security-group-ingress-postgres-world.json",
            "ec2/delete-vpc-endpoints.json",
            "guardduty/create-detector.json",
            "guardduty/delete-detector.json",
            "guardduty/update-detector-disable.json",
            "iam/attach-role-policy-admin.json",
            "iam/create-access-key.json",
            "iam/create-policy-version.json",
            "iam/create-role-trust-public.json",
            "iam/delete-account-password-policy.json",
            "iam/update-account-password-policy-weak.json",
            "kms/disable-key-rotation.json",
            "kms/schedule-key-deletion.json",
            "lambda/add-permission-public.json",
            "lambda/create-function-deprecated-runtime.json",
            "lambda/delete-function-url-config.json",
            "rds/copy-db-snapshot-unencrypted.json",
            "rds/create-db-cluster-unencrypted.json",
            "rds/create-db-instance.json",
            "rds/create-db-proxy-insecure.json",
            "rds/create-event-subscription-failure-only.json",
            "rds/delete-db-cluster.json",
            "rds/delete-db-instance.json",
            "rds/delete-db-proxy.json",
            "rds/delete-event-subscription.json",
            "rds/describe-db-instances-readonly.json",
            "rds/modify-db-cluster-snapshot-attribute-shared.json",
            "rds/modify-db-instance-access-denied.json",
            "rds/modify-db-instance-public.json",
            "rds/modify-db-proxy-tls.json",
            "rds/modify-db-snapshot-attribute-public.json",
            "secretsmanager/cancel-rotate-secret.json",
        ]
    }

    #[test]
    fn every_calls_naming_resolves_on_the_sample_events() {
        let mut named = BTreeSet::new();
        for (path, event) in cloudtrail_samples() {
            let detail = &event["detail"];
            let source = detail["eventSource"].as_str().unwrap();
            let name = detail["eventName"].as_str().unwrap();
            if call_for(source, name).is_none() {
                assert!(
                    matches!(parse_event(&event), Ok(Parsed::Ignored { .. })),
                    "{path}: a call no descriptor has must be ignored"
                );
                continue;
            }
            let parsed = parse_event(&event).unwrap_or_else(|e| panic!("{path}: {e}"));
            if detail.get("errorCode").is_some() {
                assert!(matches!(parsed, Parsed::Ignored { .. }), "{path}");
                continue;
            }
            let Parsed::Observation(o) = parsed else {
                panic!("{path}: {parsed:?}")
            };
            // The row of the kind the call was read as (a shared name has several).
            let spec = calls_named(source, name)
                .find(|s| s.kind.type_name == o.resource.resource_type.as_str())
                .unwrap_or_else(|| panic!("{path}: read as {}", o.resource.resource_type));
            named.insert(spec.kind.type_name);
            let r = &o.resource;
            assert_eq!(r.resource_type.as_str(), spec.kind.type_name, "{path}");
            let resource_name = r.name.as_deref().expect("a call names its resource");
            // The ARN built from the name is the one the response carries, where it carries
            // one and the name determines the ARN.
            if spec.call.naming.built_arn == BuiltArn::Real && spec.call.naming.parent.is_empty() {
                let built = spec.call.naming.build_arn(
                    r.partition(),
                    &r.region,
                    &r.account,
                    resource_name,
                    None,
                );
                assert_eq!(r.arn, built, "{path}");
            } else {
                assert!(r.arn.starts_with("arn:aws:"), "{path}: {}", r.arn);
            }
            if let ObservedState::Present(resource) = &o.state {
                assert_eq!(resource.type_name(), spec.kind.type_name, "{path}");
            }
        }
        let with_calls: BTreeSet<_> = KINDS
            .iter()
            .filter(|k| !k.calls.is_empty())
            .map(|k| k.type_name)
            .collect();
        assert_eq!(
            named, with_calls,
            "every kind with calls needs a sample call"
        );
    }
}
