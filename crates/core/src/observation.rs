//! [`Observation`]: what one source says about one resource at one moment.
//!
//! Config items, CloudTrail calls and sweep descriptions all end here; nothing after this point
//! depends on which source it was, except for display and the evidence trail.

use crate::json::FieldWarning;
use crate::resource::{Resource, ResourceRef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an observation came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An AWS Config configuration item change.
    ConfigItem,
    /// An AWS API call recorded by CloudTrail.
    CloudTrail,
    /// A scheduled describe of the account.
    Sweep,
}

impl SourceKind {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::ConfigItem => "AWS Config",
            SourceKind::CloudTrail => "CloudTrail",
            SourceKind::Sweep => "sweep",
        }
    }
}

/// Who made a change, from where and how, where CloudTrail says so (read by
/// [`crate::sources::actor`]). Never holds credentials: the access key id is deliberately not
/// kept. Every field is optional, so records stored before a field existed still read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `userIdentity.type`: `IAMUser`, `AssumedRole`, `Root`, `FederatedUser`, `AWSService`, ...
    pub identity_type: Option<String>,
    /// `userIdentity.arn`.
    pub arn: Option<String>,
    /// `userIdentity.accountId`: the account of the principal (another account's, for a
    /// cross-account call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// An IAM user's name, or a federated user's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// For an assumed role, the role behind the session (`sessionContext.sessionIssuer.arn`).
    pub session_issuer: Option<String>,
    /// The session issuer's name (`sessionIssuer.userName`): the role, or the IAM user that
    /// federated a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_issuer_name: Option<String>,
    /// The session issuer's type: `Role`, `IAMUser`, `Root`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_issuer_type: Option<String>,
    /// An assumed role's session name (the person, for IAM Identity Center and most SSO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `sessionContext.sourceIdentity`, when the role session was given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// `userIdentity.invokedBy`: the AWS service that made the call for the principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoked_by: Option<String>,
    /// Whether the session was authenticated with MFA.
    pub mfa: Option<bool>,
    /// `sourceIPAddress` (an address, or a service name when a service made the call).
    pub source_ip: Option<String>,
    /// `userAgent`.
    pub user_agent: Option<String>,
}

/// The permission set in the name of an IAM Identity Center role
/// (`AWSReservedSSO_<permission set>_<hex>`).
fn permission_set(role: &str) -> Option<&str> {
    let rest = role.strip_prefix("AWSReservedSSO_")?;
    Some(rest.rsplit_once('_').map_or(rest, |(set, _)| set))
}

impl Actor {
    /// Who, for people: "alice@example.com (role DevOps, no MFA)", "IAM user bob (MFA)",
    /// "the AWS service cloudformation.amazonaws.com".
    pub fn who(&self) -> String {
        let kind = self.identity_type.as_deref().unwrap_or_default();
        let mut notes: Vec<String> = Vec::new();
        let name = match kind {
            "AWSService" => {
                return format!(
                    "the AWS service {}",
                    self.invoked_by.as_deref().unwrap_or("(not named)")
                )
            }
            "Root" => "the account's root user".to_string(),
            "IAMUser" => format!(
                "IAM user {}",
                self.user_name.as_deref().unwrap_or("(not named)")
            ),
            "FederatedUser" => {
                if let Some(issuer) = &self.session_issuer_name {
                    notes.push(format!("via IAM user {issuer}"));
                }
                format!(
                    "federated user {}",
                    self.user_name.as_deref().unwrap_or("(not named)")
                )
            }
            _ => {
                let role = self.session_issuer_name.as_deref();
                match role.and_then(permission_set) {
                    Some(set) => {
                        notes.push("IAM Identity Center".to_string());
                        notes.push(format!("permission set {set}"));
                    }
                    None => {
                        if let Some(role) = role {
                            notes.push(format!("role {role}"));
                        }
                    }
                }
                match (&self.session_name, &self.source_identity, &self.arn) {
                    (_, Some(source), _) => source.clone(),
                    (Some(session), _, _) => session.clone(),
                    (None, None, Some(arn)) => arn.clone(),
                    (None, None, None) => "an unknown principal".to_string(),
                }
            }
        };
        // Identity Center sessions do not carry the MFA flag of the sign-in: say nothing.
        if !notes.iter().any(|n| n == "IAM Identity Center") {
            match self.mfa {
                Some(true) => notes.push("MFA".to_string()),
                Some(false) => notes.push("no MFA".to_string()),
                None => {}
            }
        }
        if let Some(service) = &self.invoked_by {
            notes.push(format!("through {service}"));
        }
        if notes.is_empty() {
            name
        } else {
            format!("{name} ({})", notes.join(", "))
        }
    }

    /// A one-line description for people: who, and from where: "alice@example.com (role
    /// DevOps, no MFA) from 203.0.113.7".
    pub fn describe(&self) -> String {
        let mut text = self.who();
        if let Some(ip) = &self.source_ip {
            text.push_str(&format!(" from {ip}"));
        }
        text
    }
}

/// The provenance of an observation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Which kind of source.
    pub kind: SourceKind,
    /// The EventBridge event id (or a sweep run id).
    pub event_id: String,
    /// What happened, for the evidence trail: the Config status or the API call name.
    pub what: String,
    /// Who, where the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
}

/// The state of the resource according to this observation.
// One observation is built per event and moved, not stored in bulk: the size of the resource
// model is not worth a box at every match on `Present`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ObservedState {
    /// The resource exists with this configuration.
    Present(Resource),
    /// The resource no longer exists.
    Deleted,
    /// The source only said that something changed; the configuration must be fetched
    /// (e.g. an oversized Config item). The shell fetches and re-parses, or reports a skip.
    NeedsFetch {
        /// Why, for people.
        reason: String,
    },
}

/// What one source says about one resource at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Which resource.
    pub resource: ResourceRef,
    /// When the configuration was captured (Config's capture time, the call's event time).
    /// Observations are ordered by this, so late events never overwrite newer state.
    pub captured_at: DateTime<Utc>,
    /// Where it came from.
    pub origin: Origin,
    /// What it says.
    pub state: ObservedState,
    /// Fields of the configuration that were set aside (a wrong type, a value that is not a
    /// date): each is unknown to the rules, which are undetermined where they need it.
    pub warnings: Vec<FieldWarning>,
}

/// When and from where a decision's observation came: what rendering a finding or an alert needs
/// of it, stored with each delivery intent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The observation's capture time.
    pub captured_at: DateTime<Utc>,
    /// Its source, event and actor.
    pub origin: Origin,
}

impl Observation {
    /// The observation with a global resource (IAM) filed under `region` when one is given:
    /// AWS Config delivers IAM items in the region that records global resources and IAM's
    /// CloudTrail calls arrive from us-east-1, and both must name one resource. Account
    /// activity (a sign-in, the root user's calls) is filed there too: CloudTrail records sign-ins
    /// in us-east-1 and a few other Regions, and their findings belong with the account's.
    pub fn with_global_region(mut self, region: Option<&str>) -> Self {
        if let Some(region) = region {
            let t = self.resource.resource_type.as_str();
            if t.starts_with("AWS::IAM::")
                || t == crate::resources::activity::ACTIVITY_TYPE
                || t == crate::kinds::account::ACCOUNT.type_name
            {
                self.resource.region = region.to_string();
            }
        }
        self
    }

    /// The observation's provenance.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            captured_at: self.captured_at,
            origin: self.origin.clone(),
        }
    }
}
