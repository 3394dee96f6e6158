//! `AWS::CloudTrail::Trail`: a CloudTrail trail, from the AWS Config item's configuration (the
//! AWS Config resource schema's `configuration.name`, `trailARN`, `isMultiRegionTrail`,
//! `kmsKeyId`, `logFileValidationEnabled`, `cloudWatchLogsLogGroupArn`, `homeRegion`, …: the
//! CloudTrail API's `Trail` members with the first letter lower-cased, which is also the shape
//! of CloudTrail's own `responseElements` for `CreateTrail` and `UpdateTrail`).
//!
//! Two things about a trail are not in its Config item: whether it is logging (`GetTrailStatus`'s
//! `IsLogging`) and its event selectors (`GetEventSelectors`). The shell's describe adapter adds
//! them to the same shape as `isLogging`, `eventSelectors` and `advancedEventSelectors` (the API
//! members lower-cased), so one parser reads both; from a Config item they are unknown.
//!
//! AWS Config writes every property of its resource schema, with `null` for those a trail does
//! not have: a `null` `kmsKeyId` or `cloudWatchLogsLogGroupArn` is "none", an absent one is
//! unknown. The describe adapter writes the same `null`s.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;
use serde_json::Value;

/// A CloudTrail trail. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trail {
    /// `name`.
    pub name: Fact<String>,
    /// `trailARN`.
    pub arn: Fact<String>,
    /// `homeRegion`: the Region the trail was created in (and is managed from).
    pub home_region: Fact<String>,
    /// `isMultiRegionTrail`.
    pub multi_region: Fact<bool>,
    /// `isOrganizationTrail`.
    pub organization: Fact<bool>,
    /// `kmsKeyId`: `Known(None)` when the trail has no KMS key (SSE-S3 only).
    pub kms_key_id: Fact<Option<String>>,
    /// `logFileValidationEnabled`.
    pub log_file_validation: Fact<bool>,
    /// `cloudWatchLogsLogGroupArn`: `Known(None)` when the trail sends nothing to CloudWatch
    /// Logs.
    pub cloudwatch_log_group: Fact<Option<String>>,
    /// `s3BucketName`.
    pub s3_bucket: Fact<String>,
    /// `isLogging` (from `GetTrailStatus`; not in the Config item).
    pub logging: Fact<bool>,
    /// The trail's event selectors (from `GetEventSelectors`; not in the Config item).
    pub selectors: Fact<Selectors>,
    /// Tags: not in the configuration; the Config item's `tags` fill them.
    pub tags: Fact<Tags>,
}

/// What a trail records, as `GetEventSelectors` says: basic event selectors or advanced ones
/// (a trail has one or the other).
#[derive(Clone, Debug, PartialEq)]
pub enum Selectors {
    /// `EventSelectors`.
    Basic(Vec<EventSelector>),
    /// `AdvancedEventSelectors`.
    Advanced(Vec<AdvancedSelector>),
}

/// One basic event selector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSelector {
    /// `readWriteType`: `ReadOnly`, `WriteOnly` or `All` (the API's default when absent).
    pub read_write_type: String,
    /// `includeManagementEvents` (the API's default when absent: true).
    pub include_management_events: bool,
    /// `excludeManagementEventSources`: event sources whose management events are not logged.
    pub exclude_management_event_sources: Vec<String>,
    /// `dataResources`: the resources whose data events the selector logs.
    pub data_resources: Vec<DataResource>,
}

/// One data resource of a basic event selector: a resource type and the ARNs (or partial ARNs)
/// whose data events are logged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataResource {
    /// `type`, e.g. `AWS::DynamoDB::Table`.
    pub resource_type: String,
    /// `values`.
    pub values: Vec<String>,
}

/// One advanced event selector: its field selectors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdvancedSelector {
    /// `name`, when the selector has one.
    pub name: Option<String>,
    /// `fieldSelectors`.
    pub fields: Vec<FieldSelector>,
}

/// One advanced field selector (`field` with its `equals` / `notEquals` values; the other
/// operators are kept as "some other condition").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldSelector {
    /// `field`, e.g. `eventCategory`, `readOnly`, `eventSource`.
    pub field: String,
    /// `equals`.
    pub equals: Vec<String>,
    /// `notEquals`.
    pub not_equals: Vec<String>,
    /// Whether the selector uses another operator (`startsWith`, `endsWith`, `notStartsWith`,
    /// `notEndsWith`).
    pub other_operators: bool,
    /// `startsWith`.
    pub starts_with: Vec<String>,
    /// `endsWith`.
    pub ends_with: Vec<String>,
    /// `notStartsWith`.
    pub not_starts_with: Vec<String>,
    /// `notEndsWith`.
    pub not_ends_with: Vec<String>,
}

impl Trail {
    /// Reads a trail from its configuration (Config item, call response or description).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(Trail {
            name: c.str_fact("name")?,
            arn: c.str_fact("trailARN")?,
            home_region: c.str_fact("homeRegion")?,
            multi_region: c.bool_fact("isMultiRegionTrail")?,
            organization: c.bool_fact("isOrganizationTrail")?,
            kms_key_id: nullable(c, "kmsKeyId")?,
            log_file_validation: c.bool_fact("logFileValidationEnabled")?,
            cloudwatch_log_group: nullable(c, "cloudWatchLogsLogGroupArn")?,
            s3_bucket: c.str_fact("s3BucketName")?,
            logging: c.bool_fact("isLogging")?,
            selectors: selectors(c)?,
            tags: Fact::Unknown,
        })
    }
}

/// A string that `null` says is absent (`Known(None)`; an empty string too), and whose absence
/// is unknown.
fn nullable(c: Obj<'_>, key: &str) -> Result<Fact<Option<String>>, InputError> {
    if c.is_null(key) {
        return Ok(Fact::Known(None));
    }
    Ok(match c.opt_str(key)? {
        Some("") => Fact::Known(None),
        Some(s) => Fact::Known(Some(s.to_string())),
        None => Fact::Unknown,
    })
}

fn strings(o: Obj<'_>, key: &str) -> Result<Vec<String>, InputError> {
    let Some((items, path)) = o.opt_array(key, "a list of strings")? else {
        return Ok(Vec::new());
    };
    items
        .iter()
        .map(|v| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(InputError::invalid(
                path.clone(),
                "a list of strings",
                crate::json::kind_of(other),
            )),
        })
        .collect()
}

/// `advancedEventSelectors` when present and not empty, else `eventSelectors`, else unknown.
fn selectors(c: Obj<'_>) -> Result<Fact<Selectors>, InputError> {
    if let Some((items, path)) = c.opt_array("advancedEventSelectors", "a list of selectors")? {
        if !items.is_empty() {
            let mut out = Vec::new();
            for item in items {
                let s = Obj::new(item, &path)?;
                let mut fields = Vec::new();
                if let Some((fs, fpath)) =
                    s.opt_array("fieldSelectors", "a list of field selectors")?
                {
                    for f in fs {
                        let f = Obj::new(f, &fpath)?;
                        let starts_with = strings(f, "startsWith")?;
                        let ends_with = strings(f, "endsWith")?;
                        let not_starts_with = strings(f, "notStartsWith")?;
                        let not_ends_with = strings(f, "notEndsWith")?;
                        let other_operators = !(starts_with.is_empty()
                            && ends_with.is_empty()
                            && not_starts_with.is_empty()
                            && not_ends_with.is_empty());
                        fields.push(FieldSelector {
                            field: f.req_str("field")?.to_string(),
                            equals: strings(f, "equals")?,
                            not_equals: strings(f, "notEquals")?,
                            other_operators,
                            starts_with,
                            ends_with,
                            not_starts_with,
                            not_ends_with,
                        });
                    }
                }
                out.push(AdvancedSelector {
                    name: s.opt_str("name")?.map(str::to_string),
                    fields,
                });
            }
            return Ok(Fact::Known(Selectors::Advanced(out)));
        }
    }
    let Some((items, path)) = c.opt_array("eventSelectors", "a list of event selectors")? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::new();
    for item in items {
        let s = Obj::new(item, &path)?;
        out.push(EventSelector {
            read_write_type: s.opt_str("readWriteType")?.unwrap_or("All").to_string(),
            include_management_events: s
                .bool_fact("includeManagementEvents")?
                .get()
                .copied()
                .unwrap_or(true),
            exclude_management_event_sources: strings(s, "excludeManagementEventSources")?,
            data_resources: data_resources(s)?,
        });
    }
    Ok(Fact::Known(Selectors::Basic(out)))
}

/// A basic selector's `dataResources` (absent: none).
fn data_resources(s: Obj<'_>) -> Result<Vec<DataResource>, InputError> {
    let Some((items, path)) = s.opt_array("dataResources", "a list of data resources")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in items {
        let d = Obj::new(item, &path)?;
        out.push(DataResource {
            resource_type: d.opt_str("type")?.unwrap_or_default().to_string(),
            values: strings(d, "values")?,
        });
    }
    Ok(out)
}

/// Which of one resource's data events a trail's selectors record: reads and writes, each
/// known or unknown (a basic selector's partial ARN that CloudTrail documents only for other
/// resource types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataEvents {
    /// Read-only data events (`GetItem`, `Query`, `Scan`, …).
    pub reads: Fact<bool>,
    /// Write data events (`PutItem`, `UpdateItem`, `DeleteItem`, …).
    pub writes: Fact<bool>,
}

impl DataEvents {
    /// Nothing recorded.
    pub const NONE: DataEvents = DataEvents {
        reads: Fact::Known(false),
        writes: Fact::Known(false),
    };

    /// Either of two selectors' (or trails') coverage: recorded when one records it, unknown when neither
    /// does and one might.
    pub fn or(self, other: DataEvents) -> DataEvents {
        fn either(a: Fact<bool>, b: Fact<bool>) -> Fact<bool> {
            match (a, b) {
                (Fact::Known(true), _) | (_, Fact::Known(true)) => Fact::Known(true),
                (Fact::Known(false), Fact::Known(false)) => Fact::Known(false),
                _ => Fact::Unknown,
            }
        }
        DataEvents {
            reads: either(self.reads, other.reads),
            writes: either(self.writes, other.writes),
        }
    }
}

/// Whether a `resources.ARN` field selector includes `arn`: one of its including operators
/// (`equals`, `startsWith`, `endsWith`) matches when it has any, and none of its excluding ones
/// (`notEquals`, `notStartsWith`, `notEndsWith`) does.
fn arn_matches(f: &FieldSelector, arn: &str) -> bool {
    let including = f.equals.is_empty() && f.starts_with.is_empty() && f.ends_with.is_empty();
    let included = including
        || f.equals.iter().any(|v| v == arn)
        || f.starts_with.iter().any(|v| arn.starts_with(v.as_str()))
        || f.ends_with.iter().any(|v| arn.ends_with(v.as_str()));
    let excluded = f.not_equals.iter().any(|v| v == arn)
        || f.not_starts_with
            .iter()
            .any(|v| arn.starts_with(v.as_str()))
        || f.not_ends_with.iter().any(|v| arn.ends_with(v.as_str()));
    included && !excluded
}

impl Selectors {
    /// Which data events of the resource of `resource_type` with `arn` these selectors record
    /// (CloudTrail API reference, `EventSelector`, `DataResource`, `AdvancedFieldSelector`):
    ///
    /// - a basic selector whose data resource of that type lists the resource's ARN, or the
    ///   service's whole-account prefix (`arn:<partition>:dynamodb`, "all tables"), records
    ///   reads, writes or both by its `readWriteType`; another partial ARN of the resource is
    ///   unknown (CloudTrail documents partial ARNs as prefixes for S3 objects only);
    /// - an advanced selector records the resource when it selects `eventCategory` `Data`,
    ///   `resources.type` that type, and every `resources.ARN` condition includes the ARN;
    ///   `readOnly` `true` records reads, `false` writes, none both. A selector with a condition
    ///   on any other field (`eventName`, `userIdentity.arn`, …) records only some calls and
    ///   does not count.
    pub fn data_events(&self, resource_type: &str, arn: &str) -> DataEvents {
        let service_prefix = arn.splitn(4, ':').take(3).collect::<Vec<_>>().join(":");
        let mut out = DataEvents::NONE;
        match self {
            Selectors::Basic(list) => {
                for s in list {
                    let mut matched = Fact::Known(false);
                    for d in s
                        .data_resources
                        .iter()
                        .filter(|d| d.resource_type == resource_type)
                    {
                        for v in &d.values {
                            if v == arn || *v == service_prefix {
                                matched = Fact::Known(true);
                            } else if arn.starts_with(v.as_str()) && matched != Fact::Known(true) {
                                matched = Fact::Unknown;
                            }
                        }
                    }
                    let (reads, writes) = match s.read_write_type.to_ascii_lowercase().as_str() {
                        "readonly" => (true, false),
                        "writeonly" => (false, true),
                        _ => (true, true),
                    };
                    let side = |on: bool| match &matched {
                        Fact::Known(true) => Fact::Known(on),
                        Fact::Unknown if on => Fact::Unknown,
                        _ => Fact::Known(false),
                    };
                    out = out.or(DataEvents {
                        reads: side(reads),
                        writes: side(writes),
                    });
                }
            }
            Selectors::Advanced(list) => {
                for s in list {
                    let mut data = false;
                    let mut typed = false;
                    let mut arn_ok = true;
                    let mut other = false;
                    let (mut reads, mut writes) = (true, true);
                    for f in &s.fields {
                        match f.field.as_str() {
                            "eventCategory" => data = f.equals.iter().any(|v| v == "Data"),
                            "resources.type" => typed = f.equals.iter().any(|v| v == resource_type),
                            "resources.ARN" => arn_ok &= arn_matches(f, arn),
                            "readOnly" => {
                                reads = f.equals.iter().any(|v| v == "true");
                                writes = f.equals.iter().any(|v| v == "false");
                            }
                            _ => other = true,
                        }
                    }
                    if data && typed && arn_ok && !other {
                        out = out.or(DataEvents {
                            reads: Fact::Known(reads),
                            writes: Fact::Known(writes),
                        });
                    }
                }
            }
        }
        out
    }

    /// Whether the selectors log every read and write management event with no event source
    /// excluded: CloudTrail.1's condition on a multi-Region trail (`readWriteType` `ALL`, an
    /// empty `ExcludeManagementEventSources`). With advanced selectors: one selector for
    /// `eventCategory` = `Management` with no condition on `readOnly` and no excluded event
    /// source.
    pub fn all_management_events(&self) -> bool {
        match self {
            Selectors::Basic(list) => list.iter().any(|s| {
                s.include_management_events
                    && s.read_write_type.eq_ignore_ascii_case("All")
                    && s.exclude_management_event_sources.is_empty()
            }),
            Selectors::Advanced(list) => list.iter().any(|s| {
                let management = s.fields.iter().any(|f| {
                    f.field == "eventCategory"
                        && f.equals.iter().any(|v| v == "Management")
                        && f.not_equals.is_empty()
                        && !f.other_operators
                });
                let narrowed = s.fields.iter().any(|f| f.field != "eventCategory");
                management && !narrowed
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The configuration of the Config item in `events/config/cloudtrail/trail-compliant.json`.
    fn item() -> Value {
        json!({
            "cloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-2:123456789012:log-group:aws-cloudtrail-logs:*",
            "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role",
            "hasCustomEventSelectors": false,
            "hasInsightSelectors": false,
            "homeRegion": "eu-west-2",
            "includeGlobalServiceEvents": true,
            "isMultiRegionTrail": true,
            "isOrganizationTrail": false,
            "kmsKeyId": "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "logFileValidationEnabled": true,
            "name": "management-events",
            "s3BucketName": "aws-cloudtrail-logs-123456789012",
            "s3KeyPrefix": null,
            "snsTopicARN": null,
            "snsTopicName": null,
            "trailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events"
        })
    }

    #[test]
    fn a_config_item_is_read_and_what_it_lacks_is_unknown() {
        let v = item();
        let t = Trail::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(t.name, Fact::Known("management-events".into()));
        assert_eq!(t.multi_region, Fact::Known(true));
        assert!(matches!(t.kms_key_id, Fact::Known(Some(_))));
        assert_eq!(t.log_file_validation, Fact::Known(true));
        assert!(matches!(t.cloudwatch_log_group, Fact::Known(Some(_))));
        assert_eq!(t.logging, Fact::Unknown);
        assert_eq!(t.selectors, Fact::Unknown);
    }

    #[test]
    fn null_is_none_and_absent_is_unknown() {
        let v = json!({"name": "t", "kmsKeyId": null, "cloudWatchLogsLogGroupArn": ""});
        let t = Trail::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(t.kms_key_id, Fact::Known(None));
        assert_eq!(t.cloudwatch_log_group, Fact::Known(None));
        let v = json!({"name": "t"});
        let t = Trail::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(t.kms_key_id, Fact::Unknown);
        assert_eq!(t.cloudwatch_log_group, Fact::Unknown);
        let bad = json!({"isMultiRegionTrail": 3});
        let err = Trail::parse(Obj::new(&bad, "configuration").unwrap()).unwrap_err();
        assert!(err.to_string().contains("isMultiRegionTrail"), "{err}");
    }

    #[test]
    fn basic_selectors_must_log_all_management_events_without_exclusions() {
        let read = |s: Value| {
            let v = json!({"eventSelectors": s});
            let t = Trail::parse(Obj::new(&v, "c").unwrap()).unwrap();
            t.selectors.get().unwrap().all_management_events()
        };
        assert!(read(
            json!([{"readWriteType": "All", "includeManagementEvents": true}])
        ));
        assert!(!read(
            json!([{"readWriteType": "WriteOnly", "includeManagementEvents": true}])
        ));
        assert!(!read(
            json!([{"readWriteType": "All", "includeManagementEvents": false}])
        ));
        assert!(!read(
            json!([{"readWriteType": "All", "includeManagementEvents": true,
            "excludeManagementEventSources": ["kms.amazonaws.com"]}])
        ));
        assert!(!read(json!([])));
    }

    #[test]
    fn advanced_selectors_must_select_management_events_without_narrowing() {
        let read = |s: Value| {
            let v = json!({"advancedEventSelectors": s});
            let t = Trail::parse(Obj::new(&v, "c").unwrap()).unwrap();
            t.selectors.get().unwrap().all_management_events()
        };
        assert!(read(json!([{"name": "Management events",
            "fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}])));
        assert!(!read(
            json!([{"fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]},
            {"field": "readOnly", "equals": ["false"]}]}])
        ));
        assert!(!read(
            json!([{"fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]},
            {"field": "eventSource", "notEquals": ["kms.amazonaws.com"]}]}])
        ));
        assert!(!read(
            json!([{"fieldSelectors": [{"field": "eventCategory", "equals": ["Data"]},
            {"field": "resources.type", "equals": ["AWS::S3::Object"]}]}])
        ));
    }
}
