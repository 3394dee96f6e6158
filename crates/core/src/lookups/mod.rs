//! Lookups: what a rule needs beyond the resource itself (an RDS parameter group's settings,
//! a customer-managed policy's document, who manages a KMS key).
//!
//! A rule declares the lookups it needs for a resource ([`crate::rules::Rule::lookups`]); the
//! shell fetches what it can (the Lambda through the SDK; the offline CLI cannot) and evaluation
//! runs with the answers. A lookup without an answer makes the rule [`Verdict::Undetermined`]
//! (see [`Lookups::get`]), never a guessed pass.
//!
//! Every kind is a [`LookupKind`] with its wire name (`rds.db-parameter-group`, used in labels,
//! logs and undetermined verdicts) and one typed answer, a serde struct in this module's
//! per-service modules whose `EXAMPLE` is the documented JSON shape. The shell builds today's
//! JSON and converts it at one point, [`Lookups::insert_json`] ([`Answer::from_json`]): an
//! answer that does not have its kind's shape is a [`MalformedAnswer`], left unanswered, so the
//! rules that need it are undetermined rather than judged on a misread field. Rules read
//! answers through a typed [`Key`], so asking for one kind's answer under another's key cannot
//! be written.
//!
//! Adding a kind: a row in the `kinds!` table below, its answer struct (with `EXAMPLE`), an arm
//! in the shell's one dispatch, `vigil_aws::lookup::lookup` (the match has no wildcard, so the shell does not compile
//! without one), and a row in `docs/architecture.md`'s "Lookup kinds" table (a test checks it).
//!
//! [`Verdict::Undetermined`]: crate::verdict::Verdict::Undetermined

pub mod apigateway;
pub mod backup;
pub mod cloudtrail;
mod de;
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod secretsmanager;

use crate::verdict::Verdict;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// Declares the lookup kinds: the [`LookupKind`] enum, the [`Answer`] enum, and the
/// [`LookupAnswer`] impl of each answer type. One row per kind:
/// `Variant = "wire.name" => module::AnswerType;`.
macro_rules! kinds {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $name:literal => $module:ident :: $answer:ident;
    )*) => {
        /// A kind of lookup. Its [`name`](LookupKind::name) is the wire name
        /// (`<service>.<thing>`) that labels, logs and undetermined verdicts show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum LookupKind {
            $($(#[$doc])* $variant,)*
        }

        impl LookupKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [LookupKind] = &[$(LookupKind::$variant),*];

            /// The wire name: `rds.db-parameter-group`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(LookupKind::$variant => $name,)*
                }
            }

            /// The answer's type, as it is named under `vigil_core::lookups`
            /// (`rds::DbParameterGroup`).
            pub const fn answer_type(self) -> &'static str {
                match self {
                    $(LookupKind::$variant => concat!(stringify!($module), "::", stringify!($answer)),)*
                }
            }

            /// The documented example answer (JSON text) of this kind.
            pub const fn example(self) -> &'static str {
                match self {
                    $(LookupKind::$variant => $module::$answer::EXAMPLE,)*
                }
            }
        }

        /// A typed answer to a lookup: one variant per [`LookupKind`].
        #[derive(Clone, Debug, PartialEq)]
        pub enum Answer {
            $($(#[$doc])* $variant($module::$answer),)*
        }

        impl Answer {
            /// The kind this answers.
            pub const fn kind(&self) -> LookupKind {
                match self {
                    $(Answer::$variant(_) => LookupKind::$variant,)*
                }
            }

            /// Reads the JSON the shell's fetcher for `kind` produces into that kind's typed
            /// answer. An answer without its documented shape is a [`MalformedAnswer`] naming
            /// the place and what was expected, never a value.
            pub fn from_json(
                kind: LookupKind,
                json: serde_json::Value,
            ) -> Result<Answer, MalformedAnswer> {
                match kind {
                    $(LookupKind::$variant => read::<$module::$answer>(json).map(Answer::$variant),)*
                }
            }
        }

        $(
            impl LookupAnswer for $module::$answer {
                const KIND: LookupKind = LookupKind::$variant;

                fn from_answer(answer: &Answer) -> Option<&Self> {
                    match answer {
                        Answer::$variant(a) => Some(a),
                        _ => None,
                    }
                }
            }

            impl From<$module::$answer> for Answer {
                fn from(answer: $module::$answer) -> Self {
                    Answer::$variant(answer)
                }
            }
        )*
    };
}

kinds! {
    /// An RDS DB parameter group's parameter values (id: the group's name).
    RdsDbParameterGroup = "rds.db-parameter-group" => rds::DbParameterGroup;
    /// An RDS DB cluster parameter group's parameter values (id: the group's name).
    RdsDbClusterParameterGroup = "rds.db-cluster-parameter-group" => rds::DbClusterParameterGroup;
    /// Who manages a KMS key (id: the key's ARN or id).
    KmsKey = "kms.key" => kms::KeyMetadata;
    /// A KMS key's key policy (id: the key's ARN or id).
    KmsKeyPolicy = "kms.key-policy" => kms::KeyPolicy;
    /// A managed policy's default document (id: the policy ARN).
    IamManagedPolicy = "iam.managed-policy" => iam::ManagedPolicy;
    /// A role's creation and last use (id: the role name).
    IamRole = "iam.role" => iam::Role;
    /// A user's password, access keys and MFA devices (id: the user name).
    IamUserCredentials = "iam.user-credentials" => iam::UserCredentials;
    /// A function's environment and its KMS key (id: the function name).
    LambdaFunctionConfiguration = "lambda.function-configuration" => lambda::FunctionConfiguration;
    /// A function's URL configuration (id: the function name).
    LambdaFunctionUrl = "lambda.function-url" => lambda::FunctionUrl;
    /// A function's resource-based policy (id: the function name).
    LambdaPolicy = "lambda.policy" => lambda::FunctionPolicy;
    /// A subnet's Availability Zone (id: the subnet id).
    Ec2Subnet = "ec2.subnet" => ec2::Subnet;
    /// The route table a subnet uses and its routes (id: the subnet id).
    Ec2SubnetRoutes = "ec2.subnet-routes" => ec2::SubnetRoutes;
    /// A REST API's methods (id: the REST API id).
    ApiGatewayMethods = "apigateway.methods" => apigateway::RestApiMethods;
    /// A REST API's resource policy (id: the REST API id).
    ApiGatewayRestApi = "apigateway.rest-api" => apigateway::RestApiPolicy;
    /// The usage plans covering a REST stage (id: `<restApiId>/<stageName>`).
    ApiGatewayUsagePlans = "apigateway.usage-plans" => apigateway::UsagePlans;
    /// An HTTP or WebSocket API's routes (id: the API id).
    ApiGatewayV2Routes = "apigatewayv2.routes" => apigateway::V2Routes;
    /// An HTTP or WebSocket API's protocol (id: the API id).
    ApiGatewayV2Api = "apigatewayv2.api" => apigateway::V2Api;
    /// A DynamoDB table's resource-based policy (id: the table ARN).
    DynamoDbResourcePolicy = "dynamodb.resource-policy" => dynamodb::ResourcePolicy;
    /// A table's or index's Application Auto Scaling targets (id: `table/<name>` or
    /// `table/<name>/index/<index>`).
    ApplicationAutoScalingDynamoDbTable = "applicationautoscaling.dynamodb-table" => dynamodb::ScalableTargets;
    /// Every backup selection of every AWS Backup plan in the resource's account and Region
    /// (id: the resource's ARN; the rule decides coverage from the selections).
    BackupSelections = "backup.selections" => backup::Selections;
    /// Every trail that logs in the resource's account and Region, with its logging status and
    /// event selectors (id: the resource's ARN; the rule decides coverage from the trails).
    CloudTrailTrails = "cloudtrail.trails" => cloudtrail::Trails;
    /// A secret's metadata, never its value (id: the secret ARN).
    SecretsManagerSecret = "secretsmanager.secret" => secretsmanager::SecretMetadata;
}

impl LookupKind {
    /// The kind with this wire name.
    pub fn from_name(name: &str) -> Option<LookupKind> {
        LookupKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for LookupKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Kinds order by wire name, as the string kinds they replace did (keys are fetched and listed
/// in that order).
impl Ord for LookupKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for LookupKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A typed answer: the answer struct of one [`LookupKind`].
pub trait LookupAnswer: DeserializeOwned + Into<Answer> + Sized {
    /// The kind it answers.
    const KIND: LookupKind;

    /// This type's answer inside an [`Answer`], if the answer is of its kind.
    fn from_answer(answer: &Answer) -> Option<&Self>;

    /// The typed key of this kind for `id`.
    fn key(id: impl Into<String>) -> Key<Self> {
        Key::new(id)
    }
}

/// What to look up: a kind and the id within that kind. The shell dispatches on it; rules
/// declare it (usually from a typed [`Key`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LookupKey {
    /// The kind.
    pub kind: LookupKind,
    /// The id within the kind (a name or an ARN).
    pub id: String,
}

impl LookupKey {
    /// A key.
    pub fn new(kind: LookupKind, id: impl Into<String>) -> Self {
        LookupKey {
            kind,
            id: id.into(),
        }
    }

    /// `kind:id` (`rds.db-parameter-group:default.postgres16`), for undetermined verdicts and
    /// logs.
    pub fn label(&self) -> String {
        format!("{}:{}", self.kind.name(), self.id)
    }
}

/// A [`LookupKey`] that knows its answer's type: what rules read answers with, so a rule cannot
/// ask for one kind's answer under another kind's key.
pub struct Key<T> {
    id: String,
    answer: PhantomData<fn() -> T>,
}

impl<T: LookupAnswer> Key<T> {
    /// The key of `T`'s kind for `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Key {
            id: id.into(),
            answer: PhantomData,
        }
    }

    /// The id within the kind.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The untyped key (what [`crate::rules::Rule::lookups`] returns).
    pub fn untyped(&self) -> LookupKey {
        LookupKey::new(T::KIND, self.id.clone())
    }

    /// `kind:id`, as [`LookupKey::label`].
    pub fn label(&self) -> String {
        format!("{}:{}", T::KIND.name(), self.id)
    }
}

impl<T: LookupAnswer> From<Key<T>> for LookupKey {
    fn from(key: Key<T>) -> Self {
        LookupKey::new(T::KIND, key.id)
    }
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        Key {
            id: self.id.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> PartialEq for Key<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T> Eq for Key<T> {}

impl<T: LookupAnswer> std::fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Key").field(&self.label()).finish()
    }
}

/// An answer that does not have its kind's documented shape. It names the kind, the place and
/// what was expected; never a value (answers can hold secrets: a Lambda function's
/// environment).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {kind} answer does not have its documented shape: at {path}, {reason}")]
pub struct MalformedAnswer {
    /// The kind whose answer it was.
    pub kind: LookupKind,
    /// Where in the answer (`accessKeys[0].createDate`; `.` for the whole answer).
    pub path: String,
    /// What was expected there, and what kind of value was found.
    pub reason: String,
}

/// Reads one kind's answer, keeping the path of a failure and dropping any value from the
/// message.
fn read<T: LookupAnswer>(json: serde_json::Value) -> Result<T, MalformedAnswer> {
    serde_path_to_error::deserialize(json).map_err(|e| MalformedAnswer {
        kind: T::KIND,
        path: e.path().to_string(),
        reason: de::without_values(&e.into_inner().to_string()),
    })
}

/// The answers the shell found. Answers can hold secrets (a Lambda function's environment), so
/// `Debug` shows which lookups were answered, never the answers.
#[derive(Clone, Default, PartialEq)]
pub struct Lookups {
    answers: BTreeMap<LookupKey, Answer>,
}

impl std::fmt::Debug for Lookups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(self.answers.keys().map(LookupKey::label))
            .finish()
    }
}

impl Lookups {
    /// No answers (the offline CLI).
    pub fn none() -> Self {
        Lookups::default()
    }

    /// Records an answer. An answer of another kind than the key's is never given to a rule:
    /// the rules that need the key stay undetermined.
    pub fn insert(&mut self, key: LookupKey, answer: Answer) {
        self.answers.insert(key, answer);
    }

    /// Records the JSON the shell's fetcher produced for `key`, read as the key kind's typed
    /// answer ([`Answer::from_json`]). A malformed answer is not recorded (any earlier answer
    /// for the key is removed): the lookup is unanswered and its rules undetermined; the
    /// error is for the shell's log.
    pub fn insert_json(
        &mut self,
        key: LookupKey,
        json: serde_json::Value,
    ) -> Result<(), MalformedAnswer> {
        match Answer::from_json(key.kind, json) {
            Ok(answer) => {
                self.answers.insert(key, answer);
                Ok(())
            }
            Err(e) => {
                self.answers.remove(&key);
                Err(e)
            }
        }
    }

    /// The answer for `key`, or the [`Verdict::Undetermined`] naming the lookup (`kind:id`) a
    /// rule returns without it:
    /// `let params = match lookups.get(&key) { Ok(p) => p, Err(undetermined) => return undetermined };`
    ///
    /// [`Verdict::Undetermined`]: crate::verdict::Verdict::Undetermined
    pub fn get<T: LookupAnswer>(&self, key: &Key<T>) -> Result<&T, Verdict> {
        self.answers
            .get(&key.untyped())
            .and_then(T::from_answer)
            .ok_or_else(|| Verdict::undetermined([key.label()]))
    }

    /// The answer for a key derived from the resource: without a key (the resource's id was
    /// unknown) the verdict is undetermined for `missing_id`; without an answer, for the lookup.
    /// One prologue for every rule whose lookup is keyed by a field of the resource.
    pub fn answer<T: LookupAnswer>(
        &self,
        key: Option<&Key<T>>,
        missing_id: &str,
    ) -> Result<&T, Verdict> {
        match key {
            Some(key) => self.get(key),
            None => Err(Verdict::undetermined([missing_id])),
        }
    }

    /// Whether `key` has an answer.
    pub fn contains(&self, key: &LookupKey) -> bool {
        self.answers.contains_key(key)
    }

    /// How many answers there are.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use serde_json::json;

    #[test]
    fn every_kind_round_trips_its_name() {
        for kind in LookupKind::ALL {
            assert_eq!(LookupKind::from_name(kind.name()), Some(*kind), "{kind:?}");
            assert_eq!(kind.to_string(), kind.name());
            let (service, thing) = kind.name().split_once('.').expect("<service>.<thing>");
            assert!(!service.is_empty() && !thing.is_empty(), "{kind}");
        }
        assert_eq!(LookupKind::from_name("rds.no-such-thing"), None);
        let names: std::collections::BTreeSet<&str> =
            LookupKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), LookupKind::ALL.len(), "wire names are unique");
    }

    #[test]
    fn every_kinds_documented_example_reads_as_its_typed_answer() {
        for kind in LookupKind::ALL {
            let json: serde_json::Value = serde_json::from_str(kind.example())
                .unwrap_or_else(|e| panic!("{kind}: the example is not JSON: {e}"));
            let answer = Answer::from_json(*kind, json)
                .unwrap_or_else(|e| panic!("{kind}: the example does not read: {e}"));
            assert_eq!(answer.kind(), *kind);
        }
    }

    #[test]
    fn keys_order_and_label_as_the_wire_names_do() {
        let mut kinds = LookupKind::ALL.to_vec();
        kinds.sort();
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let key = LookupKey::new(LookupKind::RdsDbParameterGroup, "default.postgres16");
        assert_eq!(key.label(), "rds.db-parameter-group:default.postgres16");
        let typed = rds::DbParameterGroup::key("default.postgres16");
        assert_eq!(typed.label(), key.label());
        assert_eq!(LookupKey::from(typed), key);
    }

    #[test]
    fn a_missing_answer_is_undetermined_naming_the_lookup() {
        let key = rds::DbParameterGroup::key("default.postgres16");
        let lookups = Lookups::none();
        assert_eq!(
            lookups.get(&key).unwrap_err(),
            Verdict::undetermined(["rds.db-parameter-group:default.postgres16"])
        );
        assert_eq!(
            lookups
                .answer::<rds::DbParameterGroup>(None, "dBParameterGroupName")
                .unwrap_err(),
            Verdict::undetermined(["dBParameterGroupName"])
        );
    }

    #[test]
    fn debug_names_the_lookups_and_not_the_answers() {
        let mut lookups = Lookups::none();
        let key = LookupKey::new(LookupKind::LambdaFunctionConfiguration, "orders-api");
        lookups
            .insert_json(
                key.clone(),
                json!({"Environment": {"Variables": {"DB_PASSWORD": "planted-lookup-value"}}}),
            )
            .unwrap();
        let shown = format!("{lookups:?}");
        assert!(
            shown.contains("lambda.function-configuration:orders-api"),
            "{shown}"
        );
        assert!(!shown.contains("planted-lookup-value"), "{shown}");
        let answer = lookups
            .get(&lambda::FunctionConfiguration::key("orders-api"))
            .unwrap();
        let shown = format!("{answer:?}");
        assert!(shown.contains("DB_PASSWORD"), "{shown}");
        assert!(!shown.contains("planted-lookup-value"), "{shown}");
    }

    #[test]
    fn a_present_answer_is_returned_typed() {
        let key = kms::KeyMetadata::key("arn:aws:kms:eu-west-2:123456789012:key/k");
        let mut lookups = Lookups::none();
        lookups
            .insert_json(key.untyped(), json!({"KeyManager": "CUSTOMER"}))
            .unwrap();
        let answer = lookups.get(&key).unwrap();
        assert_eq!(answer.key_manager.as_deref(), Some("CUSTOMER"));
        assert_eq!(answer.key_state, None);
        assert_eq!(lookups.len(), 1);
        assert!(lookups.contains(&key.untyped()));
    }

    #[test]
    fn an_answer_of_another_kind_is_never_given_to_a_rule() {
        let mut lookups = Lookups::none();
        let id = "shared-id";
        lookups.insert(
            LookupKey::new(LookupKind::KmsKey, id),
            Answer::Ec2Subnet(ec2::Subnet {
                availability_zone: "eu-west-2a".into(),
            }),
        );
        assert_eq!(
            lookups.get(&kms::KeyMetadata::key(id)).unwrap_err(),
            Verdict::undetermined(["kms.key:shared-id"])
        );
        assert!(lookups.get(&ec2::Subnet::key(id)).is_err());
    }

    #[test]
    fn a_malformed_answer_is_an_error_naming_the_place_not_the_value_and_stays_unanswered() {
        let key = LookupKey::new(LookupKind::IamUserCredentials, "alice");
        let mut lookups = Lookups::none();
        let err = lookups
            .insert_json(
                key.clone(),
                json!({"accessKeys": [{"accessKeyId": "AKIA", "status": "Active",
                        "createDate": "planted-not-a-time"}]}),
            )
            .unwrap_err();
        assert_eq!(err.kind, LookupKind::IamUserCredentials);
        assert_eq!(err.path, "accessKeys[0].createDate");
        let text = err.to_string();
        assert!(text.contains("iam.user-credentials"), "{text}");
        assert!(!text.contains("planted"), "{text}");
        assert!(lookups.is_empty());
        assert_eq!(
            lookups
                .get(&iam::UserCredentials::key("alice"))
                .unwrap_err(),
            Verdict::undetermined(["iam.user-credentials:alice"])
        );

        let err = Answer::from_json(
            LookupKind::KmsKey,
            json!({"KeyManager": {"planted": "planted-value"}}),
        )
        .unwrap_err();
        assert_eq!(err.path, "KeyManager");
        assert!(!err.to_string().contains("planted"), "{err}");

        let err = Answer::from_json(
            LookupKind::LambdaFunctionConfiguration,
            json!({"Environment": {"Variables": {"DB_PASSWORD": 12345678}}}),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("DB_PASSWORD"), "{text}");
        assert!(!text.contains("12345678"), "{text}");

        let err = Answer::from_json(LookupKind::Ec2Subnet, json!("planted-text")).unwrap_err();
        assert_eq!(err.path, ".");
        assert!(!err.to_string().contains("planted"), "{err}");
    }

    #[test]
    fn a_malformed_answer_replaces_an_earlier_one() {
        let key = LookupKey::new(LookupKind::Ec2Subnet, "subnet-a");
        let mut lookups = Lookups::none();
        lookups
            .insert_json(key.clone(), json!({"AvailabilityZone": "eu-west-2a"}))
            .unwrap();
        assert!(lookups
            .insert_json(key.clone(), json!({"AvailabilityZone": 7}))
            .is_err());
        assert!(!lookups.contains(&key));
    }

    #[test]
    fn the_architecture_documents_every_kind_and_no_other() {
        let doc = include_str!("../../../../docs/architecture.md");
        let section = doc
            .split("\n## Lookup kinds\n")
            .nth(1)
            .expect("docs/architecture.md has a \"Lookup kinds\" section");
        let section = section.split("\n## ").next().unwrap_or(section);
        let mut documented = BTreeMap::new();
        for row in section.lines().filter(|l| l.starts_with("| `")) {
            let kind = row[3..].split('`').next().unwrap_or_default();
            documented.insert(kind.to_string(), row.to_string());
        }
        for kind in LookupKind::ALL {
            let row = documented
                .remove(kind.name())
                .unwrap_or_else(|| panic!("docs/architecture.md: no row for `{kind}`"));
            assert!(
                row.contains(&format!("`{}`", kind.answer_type())),
                "docs/architecture.md: the `{kind}` row should name its answer type `{}`: {row}",
                kind.answer_type()
            );
        }
        assert!(
            documented.is_empty(),
            "docs/architecture.md documents kinds that do not exist: {:?}",
            documented.keys().collect::<Vec<_>>()
        );
    }
}
