//! Data-aware evaluation: what a resource's tags say about the data it holds, and what follows
//! for every rule at once (not per rule).
//!
//! - **Classification.** The tag named by [`Settings::classification_tag`] (default
//!   `DataClassification`) holds `Public`, `Internal`, `Confidential` or `Restricted` (any case);
//!   the value `Personal`, or the tag [`Settings::personal_data_tag`] (default `PersonalData`) set
//!   to `true`/`yes`, marks personal data. Other values classify nothing.
//! - **Severity.** A failing finding on a `Confidential` resource is raised one level, on a
//!   `Restricted` one two levels, and on a resource holding personal data at least one level
//!   (never above CRITICAL). The reason says so and, for personal data, that UK GDPR applies.
//!   Passing, not-applicable and undetermined outcomes are unchanged.
//! - **Residency.** With [`Settings::allowed_regions`] set, a database, table or snapshot holding
//!   `Confidential`, `Restricted` or personal data outside those regions fails
//!   [`crate::rules::data_residency`] (UK GDPR Chapter V, international transfers).

use crate::fact::Fact;
use crate::resource::Tags;
use crate::settings::Settings;
use crate::vocabulary::Severity;

/// A classification level, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// May be published.
    Public,
    /// For the business's own people.
    Internal,
    /// Harmful if disclosed.
    Confidential,
    /// Seriously harmful if disclosed.
    Restricted,
}

impl Level {
    fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "public" => Some(Level::Public),
            "internal" => Some(Level::Internal),
            "confidential" => Some(Level::Confidential),
            "restricted" => Some(Level::Restricted),
            _ => None,
        }
    }
}

/// What a resource's tags say about its data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    /// The classification level, when the tag holds one.
    pub level: Option<Level>,
    /// Whether the resource holds personal data.
    pub personal: bool,
    /// The tag and value that classified it, for reasons (`DataClassification=Restricted`).
    pub label: Option<String>,
}

impl Classification {
    /// Reads the classification from tags (unknown when the tags are unknown).
    pub fn of(tags: &Fact<Tags>, settings: &Settings) -> Fact<Classification> {
        tags.clone().map(|tags| {
            let value = tags.get(&settings.classification_tag);
            let marker = tags
                .get(&settings.personal_data_tag)
                .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "yes"));
            let personal =
                marker || value.is_some_and(|v| v.trim().eq_ignore_ascii_case("personal"));
            let label = match (value, marker) {
                (Some(v), _) => Some(format!("{}={v}", settings.classification_tag)),
                (None, true) => Some(format!("{}=true", settings.personal_data_tag)),
                (None, false) => None,
            };
            Classification {
                level: value.and_then(|v| Level::parse(v)),
                personal,
                label,
            }
        })
    }

    /// Whether residency applies: confidential, restricted or personal data.
    pub fn is_sensitive(&self) -> bool {
        self.personal || self.level >= Some(Level::Confidential)
    }

    /// How many severity levels a failing finding is raised.
    pub fn raise_by(&self) -> u8 {
        let by_level = match self.level {
            Some(Level::Restricted) => 2,
            Some(Level::Confidential) => 1,
            _ => 0,
        };
        by_level.max(u8::from(self.personal))
    }
}

/// `severity` raised by `steps` levels, capped at CRITICAL.
pub fn raise(severity: Severity, steps: u8) -> Severity {
    let order = [
        Severity::Informational,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    let at = order.iter().position(|s| *s == severity).unwrap_or(0);
    order[(at + usize::from(steps)).min(order.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Fact<Tags> {
        Fact::Known(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn levels_and_the_personal_marker_are_read_in_any_case() {
        let s = Settings::default();
        let c = Classification::of(&tags(&[("DataClassification", "restricted")]), &s);
        let c = c.get().unwrap();
        assert_eq!(c.level, Some(Level::Restricted));
        assert_eq!(c.raise_by(), 2);
        let p = Classification::of(&tags(&[("PersonalData", "Yes")]), &s);
        assert!(p.get().unwrap().personal && p.get().unwrap().is_sensitive());
        let v = Classification::of(&tags(&[("DataClassification", "Personal")]), &s);
        assert!(v.get().unwrap().personal);
        let i = Classification::of(&tags(&[("DataClassification", "internal")]), &s);
        assert!(!i.get().unwrap().is_sensitive() && i.get().unwrap().raise_by() == 0);
        assert_eq!(Classification::of(&Fact::Unknown, &s), Fact::Unknown);
    }

    #[test]
    fn the_tag_name_is_a_setting() {
        let s = Settings {
            classification_tag: "Sensitivity".into(),
            ..Settings::default()
        };
        let c = Classification::of(&tags(&[("Sensitivity", "Confidential")]), &s);
        assert_eq!(c.get().unwrap().level, Some(Level::Confidential));
    }

    #[test]
    fn raising_stops_at_critical() {
        assert_eq!(raise(Severity::Medium, 1), Severity::High);
        assert_eq!(raise(Severity::High, 2), Severity::Critical);
        assert_eq!(raise(Severity::Low, 0), Severity::Low);
    }
}
