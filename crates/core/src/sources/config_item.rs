//! AWS Config "Config Configuration Item Change" events.
//!
//! `detail.messageType` is `ConfigurationItemChangeNotification` (the item is in
//! `detail.configurationItem`) or `OversizedConfigurationItemChangeNotification` (only a
//! summary is sent; the item must be fetched). The item's `configuration` arrives as an object
//! or as a JSON string, and `supplementaryConfiguration` values likewise.

use super::{Envelope, Parsed};
use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj, Warnings};
use crate::observation::{Observation, ObservedState, Origin, SourceKind};
use crate::resource::{ResourceRef, ResourceType, Tags};
use crate::resources;
use serde_json::Value;

const CHANGE: &str = "ConfigurationItemChangeNotification";
const OVERSIZED: &str = "OversizedConfigurationItemChangeNotification";

/// Reads a configuration item change event.
pub fn parse(envelope: &Envelope<'_>) -> Result<Parsed, InputError> {
    parse_detail(envelope).map(|parsed| place_global(parsed, envelope.region))
}

/// The `awsRegion` AWS Config gives global resources (IAM roles, users, policies).
pub const GLOBAL_REGION: &str = "global";

/// AWS Config records global resources (IAM) with `awsRegion: "global"`; their state and
/// findings belong to the region whose AWS Config delivered the event (Security Hub has no
/// "global" region).
pub fn place_global(parsed: Parsed, region: &str) -> Parsed {
    let place = |r: &mut ResourceRef| {
        if r.region == GLOBAL_REGION {
            r.region = region.to_string();
        }
    };
    match parsed {
        Parsed::Observation(mut o) => {
            place(&mut o.resource);
            Parsed::Observation(o)
        }
        Parsed::Ignored {
            reason,
            mut resource,
        } => {
            if let Some(r) = resource.as_mut() {
                place(r);
            }
            Parsed::Ignored { reason, resource }
        }
        failure @ Parsed::FailedSignIn(_) => failure,
    }
}

fn parse_detail(envelope: &Envelope<'_>) -> Result<Parsed, InputError> {
    let detail = envelope.detail;
    match detail.req_str("messageType")? {
        CHANGE => {
            let item = detail
                .opt_obj("configurationItem", "detail.configurationItem")?
                .ok_or_else(|| {
                    InputError::missing(
                        "detail.configurationItem",
                        "the configuration item of a ConfigurationItemChangeNotification",
                    )
                })?;
            parse_item(item, envelope.id)
        }
        OVERSIZED => {
            let summary = detail
                .opt_obj(
                    "configurationItemSummary",
                    "detail.configurationItemSummary",
                )?
                .ok_or_else(|| {
                    InputError::missing(
                        "detail.configurationItemSummary",
                        "the item summary of an OversizedConfigurationItemChangeNotification",
                    )
                })?;
            let header = ItemHeader::parse(summary)?;
            if !resources::is_supported(header.resource.resource_type.as_str()) {
                return Ok(header.unsupported());
            }
            let state = if is_deleted(header.status) {
                ObservedState::Deleted
            } else {
                ObservedState::NeedsFetch {
                    reason: "AWS Config sent an oversized item: its configuration must be fetched with GetResourceConfigHistory".into(),
                }
            };
            Ok(Parsed::Observation(header.observation(envelope.id, state)))
        }
        other => Ok(Parsed::ignored(
            format!("Config messageType {other:?} carries no configuration item"),
            None,
        )),
    }
}

/// Reads one configuration item, as the event carries it or as a shell fetched it (the same
/// shape: `resourceType`, `resourceId`, `ARN`, `configurationItemStatus`, `configuration`, ...).
pub fn parse_item(item: Obj<'_>, event_id: &str) -> Result<Parsed, InputError> {
    let header = ItemHeader::parse(item)?;
    let type_name = header.resource.resource_type.as_str().to_string();
    if !resources::is_supported(&type_name) {
        return Ok(header.unsupported());
    }
    match header.status {
        "OK" | "ResourceDiscovered" => {}
        s if is_deleted(s) => {
            return Ok(Parsed::Observation(
                header.observation(event_id, ObservedState::Deleted),
            ))
        }
        "ResourceNotRecorded" => {
            return Ok(Parsed::ignored(
                "AWS Config is not recording this resource type (ResourceNotRecorded): no configuration to evaluate",
                Some(header.resource),
            ))
        }
        other => {
            return Err(InputError::invalid(
                join(item.path(), "configurationItemStatus"),
                "OK, ResourceDiscovered, ResourceNotRecorded, ResourceDeleted or ResourceDeletedNotRecorded",
                format!("{other:?}"),
            ))
        }
    }
    // The configuration, its supplementary values and the tags are what the models read: a
    // field there of an unexpected type is set aside with a warning (`Obj::lenient`); the
    // identity above stays strict.
    let warnings = Warnings::default();
    let config_path = join(item.path(), "configuration");
    let decoded;
    let configuration = match item.raw("configuration") {
        Some(Value::String(text)) => {
            decoded = serde_json::from_str::<Value>(text).map_err(|e| {
                InputError::invalid(
                    config_path.clone(),
                    "a JSON object (or a string holding one)",
                    format!("a string that is not JSON ({e})"),
                )
            })?;
            Obj::lenient(&decoded, &config_path, &warnings)?
        }
        Some(v) => Obj::lenient(v, &config_path, &warnings)?,
        None => {
            return Err(InputError::missing(
                config_path,
                format!("the resource's configuration (status {})", header.status),
            ))
        }
    };
    let supplementary_path = join(item.path(), "supplementaryConfiguration");
    let supplementary_value = supplementary(item, &supplementary_path)?;
    let supplementary = supplementary_value
        .as_ref()
        .map(|v| Obj::lenient(v, &supplementary_path, &warnings))
        .transpose()?;
    let Some(parsed) = resources::parse_configuration(&type_name, configuration, supplementary)
    else {
        return Ok(header.unsupported());
    };
    let mut resource = parsed?;
    let lenient_item = item.with_warnings(&warnings);
    let tags = lenient_item.tolerate(item_tags(lenient_item))?;
    if tags.is_known() {
        *resource.tags_mut() = tags;
    }
    resource.fill_from_arn(&header.resource.arn);
    let mut observation = header.observation(event_id, ObservedState::Present(resource));
    observation.warnings = warnings.into_vec();
    Ok(Parsed::Observation(observation))
}

/// The item's `supplementaryConfiguration` with each value decoded: AWS Config delivers the
/// values as JSON strings (in notifications and the API) or as objects.
fn supplementary(item: Obj<'_>, path: &str) -> Result<Option<Value>, InputError> {
    let Some(raw) = item.raw("supplementaryConfiguration") else {
        return Ok(None);
    };
    let Value::Object(map) = raw else {
        return Err(InputError::invalid(
            path,
            "an object",
            crate::json::kind_of(raw),
        ));
    };
    let mut decoded = serde_json::Map::new();
    for (key, value) in map {
        let value = match value {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
                _ => value.clone(),
            },
            other => other.clone(),
        };
        decoded.insert(key.clone(), value);
    }
    Ok(Some(Value::Object(decoded)))
}

fn is_deleted(status: &str) -> bool {
    matches!(status, "ResourceDeleted" | "ResourceDeletedNotRecorded")
}

/// The identity fields every item and item summary carries.
struct ItemHeader<'a> {
    resource: ResourceRef,
    status: &'a str,
    captured_at: chrono::DateTime<chrono::Utc>,
}

impl<'a> ItemHeader<'a> {
    fn parse(item: Obj<'a>) -> Result<Self, InputError> {
        let resource_type = item.req_str("resourceType")?;
        let id = item.req_str("resourceId")?;
        let account = item.req_str("awsAccountId")?;
        let region = item.req_str("awsRegion")?;
        let arn = match item.opt_str("ARN")? {
            Some(arn) => arn.to_string(),
            None if resources::is_supported(resource_type) => {
                return Err(InputError::missing(
                    join(item.path(), "ARN"),
                    "the resource's ARN",
                ))
            }
            None => String::new(),
        };
        Ok(ItemHeader {
            resource: ResourceRef {
                resource_type: ResourceType(resource_type.to_string()),
                id: id.to_string(),
                name: item.opt_str("resourceName")?.map(str::to_string),
                arn,
                account: account.to_string(),
                region: region.to_string(),
            },
            status: item.req_str("configurationItemStatus")?,
            captured_at: item.req_time("configurationItemCaptureTime")?,
        })
    }

    fn unsupported(self) -> Parsed {
        Parsed::ignored(
            format!(
                "resource type {} is not evaluated by Vigil",
                self.resource.resource_type
            ),
            Some(self.resource),
        )
    }

    fn observation(self, event_id: &str, state: ObservedState) -> Observation {
        Observation {
            resource: self.resource,
            captured_at: self.captured_at,
            origin: Origin {
                kind: SourceKind::ConfigItem,
                event_id: event_id.to_string(),
                what: format!("configuration item {}", self.status),
                actor: None,
            },
            state,
            warnings: Vec::new(),
        }
    }
}

/// The item's `tags` object, when it carries one.
fn item_tags(item: Obj<'_>) -> Result<Fact<Tags>, InputError> {
    let path = join(item.path(), "tags");
    let Some(tags) = item.opt_obj("tags", &path)? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Tags::new();
    if let Some(Value::Object(map)) = item.raw("tags") {
        for key in map.keys() {
            if let Some(value) = tags.opt_str(key)? {
                out.insert(key.clone(), value.to_string());
            }
        }
    }
    Ok(Fact::Known(out))
}

#[cfg(test)]
mod tests {
    use super::super::parse_event;
    use super::*;
    use crate::resource::Resource;
    use serde_json::json;

    fn event(item: Value) -> Value {
        json!({
            "version": "0", "id": "6e7a2b1c-0000-4000-8000-000000000001",
            "detail-type": "Config Configuration Item Change", "source": "aws.config",
            "account": "123456789012", "time": "2026-11-23T09:00:00Z", "region": "eu-west-2",
            "resources": [],
            "detail": {"recordVersion": "1.3", "messageType": "ConfigurationItemChangeNotification",
                       "notificationCreationTime": "2026-11-23T09:00:01.000Z", "configurationItem": item}
        })
    }

    fn item(status: &str, configuration: Value) -> Value {
        json!({
            "configurationItemVersion": "1.3",
            "configurationItemCaptureTime": "2026-11-23T08:59:58.120Z",
            "configurationItemStatus": status,
            "awsAccountId": "123456789012", "awsRegion": "eu-west-2",
            "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-ABCDEFGHIJKL",
            "resourceName": "orders-db", "ARN": "arn:aws:rds:eu-west-2:123456789012:db:orders-db",
            "tags": {"DataClassification": "Confidential"},
            "configuration": configuration
        })
    }

    fn observation(v: Value) -> Observation {
        match parse_event(&v).unwrap() {
            Parsed::Observation(o) => o,
            other => panic!("expected an observation, got {other:?}"),
        }
    }

    #[test]
    fn a_stage_item_gets_its_api_id_from_its_arn() {
        let v: Value = serde_json::from_str(include_str!(
            "../../../../events/config/apigateway/websocket-stage-insecure.json"
        ))
        .unwrap();
        let o = observation(v);
        let ObservedState::Present(crate::resource::Resource::V2Stage(stage)) = o.state else {
            panic!("expected a v2 stage")
        };
        assert_eq!(stage.api_id.get().map(String::as_str), Some("w1s2k3t4u5"));
        let v: Value = serde_json::from_str(include_str!(
            "../../../../events/config/apigateway/rest-stage-insecure.json"
        ))
        .unwrap();
        let ObservedState::Present(crate::resource::Resource::RestStage(stage)) =
            observation(v).state
        else {
            panic!("expected a REST stage")
        };
        assert_eq!(
            stage.rest_api_id.get().map(String::as_str),
            Some("a1b2c3d4e5")
        );
    }

    #[test]
    fn configuration_as_object_and_as_string_read_the_same() {
        let config = json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres", "publiclyAccessible": true});
        let a = observation(event(item("OK", config.clone())));
        let b = observation(event(item("OK", Value::String(config.to_string()))));
        assert_eq!(a.state, b.state);
        let ObservedState::Present(Resource::DbInstance(db)) = a.state else {
            panic!("not present")
        };
        assert_eq!(db.publicly_accessible, Fact::Known(true));
        assert_eq!(
            db.tags
                .get()
                .unwrap()
                .get("DataClassification")
                .map(String::as_str),
            Some("Confidential")
        );
        assert_eq!(
            a.resource.arn,
            "arn:aws:rds:eu-west-2:123456789012:db:orders-db"
        );
        assert_eq!(a.origin.kind, SourceKind::ConfigItem);
    }

    #[test]
    fn deleted_statuses_become_deletions() {
        for status in ["ResourceDeleted", "ResourceDeletedNotRecorded"] {
            let o = observation(event(item(status, Value::Null)));
            assert_eq!(o.state, ObservedState::Deleted, "{status}");
        }
    }

    #[test]
    fn not_recorded_is_ignored_with_a_reason() {
        let parsed = parse_event(&event(item("ResourceNotRecorded", Value::Null))).unwrap();
        assert!(
            matches!(parsed, Parsed::Ignored { ref reason, resource: Some(_) } if reason.contains("ResourceNotRecorded"))
        );
    }

    #[test]
    fn an_ok_item_without_configuration_is_an_error() {
        let err = parse_event(&event(item("OK", Value::Null))).unwrap_err();
        assert!(
            err.to_string().contains("configuration` is missing"),
            "{err}"
        );
    }

    #[test]
    fn a_configuration_string_that_is_not_json_is_an_error() {
        let err = parse_event(&event(item("OK", json!("{not json")))).unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
    }

    #[test]
    fn unsupported_types_are_ignored_with_the_type_named() {
        let mut it = item("OK", json!({}));
        it["resourceType"] = json!("AWS::S3::Bucket");
        let parsed = parse_event(&event(it)).unwrap();
        let Parsed::Ignored { reason, resource } = parsed else {
            panic!()
        };
        assert!(reason.contains("AWS::S3::Bucket"));
        assert_eq!(resource.unwrap().resource_type.as_str(), "AWS::S3::Bucket");
    }

    #[test]
    fn an_oversized_item_needs_a_fetch() {
        let mut v = event(Value::Null);
        let detail = v["detail"].as_object_mut().unwrap();
        detail.remove("configurationItem");
        detail.insert("messageType".into(), json!(OVERSIZED));
        let mut summary = item("OK", Value::Null);
        summary.as_object_mut().unwrap().remove("configuration");
        detail.insert("configurationItemSummary".into(), summary);
        let o = observation(v);
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
    }

    #[test]
    fn supplementary_values_given_as_strings_are_decoded() {
        let mut it = item("OK", json!({}));
        it["supplementaryConfiguration"] = json!({
            "ContinuousBackupsDescription": "{\"pointInTimeRecoveryDescription\":{\"pointInTimeRecoveryStatus\":\"ENABLED\"}}",
            "Plain": "text"
        });
        let decoded = supplementary(
            Obj::new(&it, "item").unwrap(),
            "item.supplementaryConfiguration",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            decoded["ContinuousBackupsDescription"]["pointInTimeRecoveryDescription"]
                ["pointInTimeRecoveryStatus"],
            "ENABLED"
        );
        assert_eq!(decoded["Plain"], "text");
    }

    #[test]
    fn an_unknown_status_is_an_error_naming_the_field() {
        let err = parse_event(&event(item("Exploded", json!({})))).unwrap_err();
        assert!(err.to_string().contains("configurationItemStatus"), "{err}");
    }

    #[test]
    fn global_iam_items_are_placed_in_the_delivering_region() {
        let text = include_str!("../../../../events/config/iam/role-over-privileged.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["detail"]["configurationItem"]["awsRegion"], "global");
        let o = observation(v);
        assert_eq!(o.resource.region, "eu-west-2");
        assert_eq!(o.resource.resource_type.as_str(), "AWS::IAM::Role");
        let ObservedState::Present(crate::resource::Resource::IamRole(role)) = o.state else {
            panic!("a role");
        };
        assert_eq!(role.inline_policies.get().map(Vec::len), Some(2));
        assert_eq!(
            role.tags
                .get()
                .and_then(|t| t.get("app"))
                .map(String::as_str),
            Some("orders")
        );
    }
}
