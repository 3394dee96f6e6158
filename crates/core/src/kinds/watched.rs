//! The kinds that watch the account: a trail records who did what, a GuardDuty detector looks
//! for threats. Deleting one is itself the event to alert on, even when every rule on it passed
//! (a healthy trail deleted is the worst case), so `decide` sends a deletion alert for these
//! kinds whatever their previous state, and the alert says what is lost. The account-level
//! controls (CloudTrail.1, GuardDuty.1, in the sweep) are what fail until a replacement exists.

use super::{cloudtrail, config, guardduty, Kind};

/// The watched kinds, each with what its deletion loses, in words for the alert.
pub static WATCHED: &[(&Kind, &str)] = &[
    (
        &cloudtrail::TRAIL,
        "the account's API activity is no longer recorded by this trail",
    ),
    (
        &guardduty::DETECTOR,
        "GuardDuty no longer looks for threats in this Region",
    ),
    (
        &config::RECORDER,
        "AWS Config no longer records configuration changes in this Region, so neither AWS Config rules, Security Hub nor Vigil see them",
    ),
];

/// What deleting a resource of this type loses, when its deletion is alerted on its own.
pub fn deletion_loss(type_name: &str) -> Option<&'static str> {
    WATCHED
        .iter()
        .find(|(k, _)| k.type_name == type_name)
        .map(|(_, loss)| *loss)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::{decide, Decision};
    use crate::evaluate::assess;
    use crate::lookups::Lookups;
    use crate::settings::Settings;
    use crate::sources::{parse_event_str, Parsed};

    fn deleted_alerts(event: &str) -> Vec<crate::message::Alert> {
        let Parsed::Observation(o) = parse_event_str(event).unwrap() else {
            panic!()
        };
        let settings = Settings::default();
        let assessment = assess(&o, &settings, &Lookups::none()).unwrap();
        let now = "2026-11-23T10:00:00Z".parse().unwrap();
        let Decision::Apply(applied) = decide(None, &o, &assessment, &settings, now) else {
            panic!()
        };
        crate::delivery::render(&applied.state).alerts
    }

    #[test]
    fn deleting_a_trail_alerts_once_with_the_caller_even_unseen_and_compliant() {
        let alerts = deleted_alerts(include_str!(
            "../../../../events/cloudtrail/cloudtrail/delete-trail.json"
        ));
        assert_eq!(alerts.len(), 1);
        assert_eq!(
            alerts[0].subject,
            "[DELETED] CloudTrail trail dev-trail was deleted"
        );
        assert!(
            alerts[0].body.contains("no longer recorded"),
            "{}",
            alerts[0].body
        );
        assert!(
            alerts[0].body.contains("alice@example.com"),
            "{}",
            alerts[0].body
        );
        let alerts = deleted_alerts(include_str!(
            "../../../../events/cloudtrail/guardduty/delete-detector.json"
        ));
        assert_eq!(alerts.len(), 1);
        assert!(
            alerts[0].body.contains("GuardDuty no longer"),
            "{}",
            alerts[0].body
        );
    }

    #[test]
    fn a_trail_already_recorded_deleted_is_not_alerted_again() {
        let Parsed::Observation(o) = parse_event_str(include_str!(
            "../../../../events/cloudtrail/cloudtrail/delete-trail.json"
        ))
        .unwrap() else {
            panic!()
        };
        let settings = Settings::default();
        let assessment = assess(&o, &settings, &Lookups::none()).unwrap();
        let now = "2026-11-23T10:00:00Z".parse().unwrap();
        let Decision::Apply(first) = decide(None, &o, &assessment, &settings, now) else {
            panic!()
        };
        assert_eq!(first.state.outbox.alerts.len(), 1);
        let mut stored = first.state;
        stored.outbox = Default::default();
        // The same deletion seen again by a later observation (a describe finding it gone).
        let mut later = o.clone();
        later.origin.event_id = "a-later-observation".into();
        later.captured_at += chrono::Duration::minutes(1);
        let Decision::Apply(again) = decide(Some(&stored), &later, &assessment, &settings, now)
        else {
            panic!()
        };
        assert!(again.state.deleted);
        assert!(
            again.state.outbox.alerts.is_empty(),
            "{:?}",
            again.state.outbox.alerts
        );
    }

    #[test]
    fn deleting_an_unseen_database_says_nothing() {
        let alerts = deleted_alerts(include_str!(
            "../../../../events/cloudtrail/rds/delete-db-instance.json"
        ));
        assert!(alerts.is_empty(), "{alerts:?}");
    }

    #[test]
    fn trails_and_detectors_are_watched_and_databases_are_not() {
        assert!(deletion_loss("AWS::CloudTrail::Trail").is_some());
        assert!(deletion_loss("AWS::GuardDuty::Detector").is_some());
        assert!(deletion_loss("AWS::RDS::DBInstance").is_none());
    }
}
