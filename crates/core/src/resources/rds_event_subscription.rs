//! `AWS::RDS::EventSubscription`: an RDS event notification subscription.
//!
//! Field names are the AWS Config resource schema's
//! (`config/properties/resource-types/AWS::RDS::EventSubscription.properties.json` in
//! awslabs/aws-config-resource-schema: `custSubscriptionId`, `enabled`, `eventCategoriesList`,
//! `sourceType`, `sourceIdsList`, `snsTopicArn`, `status`). The RDS API's `EventSubscription` data
//! type has the same members with a capital first letter, so CloudTrail's `responseElements`
//! (and the describe and list adapters) use the same spelling. A response wrapped in
//! `eventSubscription` is read too.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;
use crate::resources::rds_instance::{str_list, tag_list};

/// An RDS event subscription. Every field is a [`Fact`]: unknown when the source did not carry
/// it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSubscription {
    /// `custSubscriptionId`: the subscription's name.
    pub name: Fact<String>,
    /// `enabled`: whether notifications are sent.
    pub enabled: Fact<bool>,
    /// `sourceType`: `db-instance`, `db-cluster`, `db-parameter-group`, `db-security-group`,
    /// `db-snapshot`, ...; `None` when the subscription has no source type (every source).
    pub source_type: Fact<Option<String>>,
    /// `eventCategoriesList`: the categories notified; empty means every category.
    pub event_categories: Fact<Vec<String>>,
    /// `sourceIdsList`: the sources notified; empty means every source of the type.
    pub source_ids: Fact<Vec<String>>,
    /// `snsTopicArn`.
    pub sns_topic_arn: Fact<String>,
    /// `status`: `active`, `creating`, `modifying`, `no-permission`, `topic-not-exist`, ...
    pub status: Fact<String>,
    /// Tags, from the Config item's `tags` (the API's data type carries none).
    pub tags: Fact<Tags>,
}

impl EventSubscription {
    /// Reads the subscription from its configuration (or an `{"eventSubscription": {...}}`
    /// wrapper).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let path = crate::json::join(c.path(), "eventSubscription");
        let c = match c.opt_root("eventSubscription", &path)? {
            Some(inner) => inner,
            None => c,
        };
        Ok(EventSubscription {
            name: c.str_fact("custSubscriptionId")?,
            enabled: c.bool_fact("enabled")?,
            source_type: if c.is_null("sourceType") {
                Fact::Known(None)
            } else {
                c.str_fact("sourceType")?.map(Some)
            },
            event_categories: list_or_empty(c, "eventCategoriesList")?,
            source_ids: list_or_empty(c, "sourceIdsList")?,
            sns_topic_arn: c.str_fact("snsTopicArn")?,
            status: c.str_fact("status")?,
            tags: tag_list(c, "tagList")?,
        })
    }
}

/// A list member that is `null` in a Config item when empty: `null` is the empty list, absent
/// is unknown.
fn list_or_empty(c: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    if c.is_null(key) {
        Ok(Fact::Known(Vec::new()))
    } else {
        str_list(c, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schema_fields_are_read() {
        let v = json!({"custSubscriptionId": "db-alerts", "enabled": true,
            "sourceType": "db-instance", "eventCategoriesList": ["failure", "maintenance"],
            "sourceIdsList": null, "snsTopicArn": "arn:aws:sns:eu-west-2:111122223333:db-alerts",
            "status": "active"});
        let s = EventSubscription::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(s.name, Fact::Known("db-alerts".into()));
        assert_eq!(s.enabled, Fact::Known(true));
        assert_eq!(s.source_type, Fact::Known(Some("db-instance".into())));
        assert_eq!(
            s.event_categories,
            Fact::Known(vec!["failure".to_string(), "maintenance".to_string()])
        );
        assert_eq!(s.source_ids, Fact::Known(Vec::new()));
    }

    #[test]
    fn a_wrapped_response_is_read_and_absent_fields_are_unknown() {
        let v = json!({"eventSubscription": {"custSubscriptionId": "x", "sourceType": null}});
        let s = EventSubscription::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(s.name, Fact::Known("x".into()));
        assert_eq!(s.source_type, Fact::Known(None));
        assert_eq!(s.enabled, Fact::Unknown);
        assert_eq!(s.event_categories, Fact::Unknown);
    }
}
