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

/// Who made a change, where CloudTrail says so. Never holds credentials: the access key id is
/// deliberately not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `userIdentity.type`: `IAMUser`, `AssumedRole`, `Root`, `FederatedUser`, `AWSService`, ...
    pub identity_type: Option<String>,
    /// `userIdentity.arn`.
    pub arn: Option<String>,
    /// For an assumed role, the role behind the session (`sessionContext.sessionIssuer.arn`).
    pub session_issuer: Option<String>,
    /// Whether the session was authenticated with MFA.
    pub mfa: Option<bool>,
    /// `sourceIPAddress`.
    pub source_ip: Option<String>,
    /// `userAgent`.
    pub user_agent: Option<String>,
}

impl Actor {
    /// A one-line description for people: "arn:aws:sts::…:assumed-role/DevOps/alice (MFA)".
    pub fn describe(&self) -> String {
        let who = self
            .arn
            .as_deref()
            .or(self.identity_type.as_deref())
            .unwrap_or("an unknown principal");
        let mut text = who.to_string();
        match self.mfa {
            Some(true) => text.push_str(" with MFA"),
            Some(false) => text.push_str(" without MFA"),
            None => {}
        }
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
    /// The observation's provenance.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            captured_at: self.captured_at,
            origin: self.origin.clone(),
        }
    }
}
