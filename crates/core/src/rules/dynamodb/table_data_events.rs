//! Vigil's own rule (no Security Hub control): a DynamoDB table holding personal or confidential
//! data has a trail recording its data events, so there is a record of who read and who changed
//! the data.
//!
//! Source: Vigil practice for UK GDPR accountability (Art. 5(2)) and breach investigation
//! (Art. 33): management events (CloudTrail.1) record who changed a table's settings, never who
//! read or wrote its items; those are CloudTrail data events (CloudTrail API reference,
//! `EventSelector` / `DataResource` and `AdvancedFieldSelector`; CloudTrail user guide, "Logging
//! data events"). No Security Hub control or AWS Config managed rule checks this for DynamoDB.
//!
//! The table is judged when its tags classify it (`crate::data`): `Confidential`, `Restricted`
//! or personal data; any other table is NOT_APPLICABLE, and unknown tags are undetermined. It
//! PASSES when the logging trails of its account and Region (the `cloudtrail.trails` lookup,
//! asked once per account and Region) record both its read and its write data events
//! ([`Selectors::data_events`](crate::resources::cloudtrail_trail::Selectors::data_events)):
//! a basic selector whose `AWS::DynamoDB::Table` data resource lists the table's ARN or
//! `arn:<partition>:dynamodb` (all tables), or an advanced selector on `eventCategory` `Data`,
//! `resources.type` `AWS::DynamoDB::Table` and `resources.ARN` conditions that include the table
//! (`readOnly` selecting reads, writes or, absent, both). A stopped trail records nothing; a
//! selector that also filters on another field (`eventName`, …) records only some calls and does
//! not count. It FAILS when reads or writes are recorded by no logging trail; it is
//! undetermined without the lookup's answer, or when a trail that might record them could not
//! be read.
//!
//! A trail's `PutEventSelectors`, `StopLogging` or `DeleteTrail` is judged in seconds on the
//! trail; the table's verdict follows at the next sweep or the table's next change.

use crate::data::Classification;
use crate::fact::Fact;
use crate::lookups::cloudtrail::Trails;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The resource type CloudTrail's selectors name for a table.
const TABLE: &str = "AWS::DynamoDB::Table";

/// The data-events rule for DynamoDB tables.
pub struct TableDataEvents;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-data-events",
    title: "DynamoDB tables holding personal or confidential data should have their reads and writes recorded by CloudTrail",
    severity: Severity::Medium,
    resource_type: TABLE,
    controls: &[],
    gdpr: &["Art. 5(2)", "Art. 32(1)(b)", "Art. 33(3)"],
    cyber_essentials: None,
    passes_when: "the table's tags classify it as Confidential, Restricted or personal data, and a logging trail of its account and Region records its read and write data events (a basic selector listing the table's ARN or arn:<partition>:dynamodb, or an advanced selector on eventCategory Data, resources.type AWS::DynamoDB::Table and resources.ARN conditions including the table); not applicable to other tables",
    rationale: "Management events show who changed a table's settings, never who read or changed its items. Without data events there is no record of who read the customers' personal data, so a breach cannot be scoped, the people affected cannot be told what was taken, and accountability under UK GDPR cannot be shown.",
    remediation: "Add a data event selector for the table to a logging trail that covers its Region (an advanced selector on eventCategory Data, resources.type AWS::DynamoDB::Table and the table's ARN, with no readOnly condition), keeping the trail's management events selector.",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > (a multi-Region trail) > Data events > Edit > Add data event type: DynamoDB, Log selector template: Custom, resources.ARN equals {arn}",
        command: r#"aws cloudtrail get-event-selectors --region {region} --trail-name "$TRAIL_NAME"
aws cloudtrail put-event-selectors --region {region} --trail-name "$TRAIL_NAME" --advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"DynamoDB table {name}","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]},{"Field":"resources.ARN","Equals":["{arn}"]}]}]'"#,
        caution: Some("put-event-selectors replaces all of the trail's selectors: add the ones get-event-selectors shows that are not in this command first (the command keeps all management events). Data events are charged per event recorded; a busy table records many. Run it in the trail's home Region."),
        inputs: &[],
    }),
    source: "Vigil practice: data events for personal and confidential data (UK GDPR Art. 5(2), Art. 33); no Security Hub control",
};

impl Rule for TableDataEvents {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        dynamodb_table(resource)
            .and_then(|t| t.arn.get())
            .map(|arn| vec![Trails::key(arn.clone()).untyped()])
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        let Some(class) = Classification::of(&t.tags, ctx.settings).get().cloned() else {
            return Verdict::undetermined(["tags"]);
        };
        if !class.is_sensitive() {
            return Verdict::not_applicable(
                "the table's tags do not classify it as Confidential, Restricted or personal data",
            );
        }
        let label = class.label.unwrap_or_default();
        let Some(arn) = t.arn.get() else {
            return Verdict::undetermined(["tableArn"]);
        };
        let trails = match ctx.lookups.get(&Trails::key(arn.clone())) {
            Ok(trails) => trails,
            Err(undetermined) => return undetermined,
        };
        let (recorded, by) = trails.data_events(TABLE, arn);
        let missing: Vec<&str> = [("reads", &recorded.reads), ("writes", &recorded.writes)]
            .into_iter()
            .filter(|(_, f)| **f == Fact::Known(false))
            .map(|(what, _)| what)
            .collect();
        if !missing.is_empty() {
            return Verdict::failed(
                format!(
                    "the table holds classified data ({label}) and no logging trail records its {}: there is no record of who {}",
                    missing.join(" or "),
                    if missing.len() == 2 {
                        "reads or changes its items"
                    } else if missing[0] == "reads" {
                        "reads its items"
                    } else {
                        "changes its items"
                    }
                ),
                vec![Evidence::new(
                    "trails",
                    format!("{} trail(s) in the Region, none recording them", trails.trails.len()),
                )],
            );
        }
        if recorded.reads == Fact::Known(true) && recorded.writes == Fact::Known(true) {
            return Verdict::passed(match by {
                Some(name) => {
                    format!("trail {name} records the table's read and write data events")
                }
                None => "the logging trails record the table's read and write data events".into(),
            });
        }
        Verdict::undetermined([
            "cloudtrail.trails: the logging status or event selectors of a trail",
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::{LookupKind, Lookups};
    use crate::resources::dynamodb_table::DynamoDbTable;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:dynamodb:eu-west-2:123456789012:table/customers";

    fn eval(tags: Option<Value>, trails: Option<Value>) -> Verdict {
        let config = json!({"tableName": "customers", "tableArn": ARN, "tableStatus": "ACTIVE"});
        let mut t =
            DynamoDbTable::parse(Obj::new(&config, "configuration").unwrap(), None).unwrap();
        t.tags = match tags {
            Some(tags) => Fact::Known(serde_json::from_value(tags).unwrap()),
            None => Fact::Unknown,
        };
        let mut lookups = Lookups::none();
        if let Some(a) = trails {
            lookups
                .insert_json(LookupKey::new(LookupKind::CloudTrailTrails, ARN), a)
                .unwrap();
        }
        TableDataEvents.evaluate(
            &Resource::DynamoDbTable(t),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn personal() -> Option<Value> {
        Some(json!({"PersonalData": "true"}))
    }

    fn trail(logging: Value, selectors: Value) -> Value {
        let mut t = json!({"name": "org", "isMultiRegionTrail": true, "isLogging": logging});
        for (k, v) in selectors.as_object().unwrap() {
            t[k] = v.clone();
        }
        json!({"Trails": [t]})
    }

    fn advanced(fields: Value) -> Value {
        json!({"advancedEventSelectors": [
            {"name": "Management events", "fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]},
            {"name": "tables", "fieldSelectors": fields}
        ]})
    }

    #[test]
    fn unclassified_tables_are_not_applicable_and_unknown_tags_undetermined() {
        let v = eval(Some(json!({"DataClassification": "Internal"})), None);
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert_eq!(eval(None, None), Verdict::undetermined(["tags"]));
        // Classified, but no answer: undetermined, never passed.
        let v = eval(personal(), None);
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
    }

    #[test]
    fn an_advanced_selector_on_the_table_or_all_tables_passes() {
        let data = json!({"field": "eventCategory", "equals": ["Data"]});
        let ty = json!({"field": "resources.type", "equals": ["AWS::DynamoDB::Table"]});
        for fields in [
            json!([data, ty]),
            json!([data, ty, {"field": "resources.ARN", "equals": [ARN]}]),
            json!([data, ty, {"field": "resources.ARN", "startsWith": ["arn:aws:dynamodb:eu-west-2:123456789012:table/cust"]}]),
        ] {
            let v = eval(personal(), Some(trail(json!(true), advanced(fields))));
            assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        }
        let confidential = Some(json!({"DataClassification": "Confidential"}));
        let v = eval(
            confidential,
            Some(trail(json!(true), advanced(json!([data, ty])))),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn writes_only_another_table_a_narrowed_or_a_stopped_trail_fails() {
        let data = json!({"field": "eventCategory", "equals": ["Data"]});
        let ty = json!({"field": "resources.type", "equals": ["AWS::DynamoDB::Table"]});
        let writes = advanced(json!([data, ty, {"field": "readOnly", "equals": ["false"]}]));
        let v = eval(personal(), Some(trail(json!(true), writes)));
        let Verdict::Failed { reason, .. } = v else {
            panic!("{v:?}")
        };
        assert!(
            reason.contains("no logging trail records its reads"),
            "{reason}"
        );
        assert!(reason.contains("PersonalData=true"), "{reason}");
        for fields in [
            json!([data, ty, {"field": "resources.ARN", "equals": ["arn:aws:dynamodb:eu-west-2:123456789012:table/orders"]}]),
            json!([data, ty, {"field": "resources.ARN", "notEquals": [ARN]}]),
            json!([data, ty, {"field": "eventName", "equals": ["PutItem"]}]),
            json!([data, {"field": "resources.type", "equals": ["AWS::S3::Object"]}]),
        ] {
            let v = eval(personal(), Some(trail(json!(true), advanced(fields))));
            assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        }
        let v = eval(
            personal(),
            Some(trail(json!(false), advanced(json!([data, ty])))),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(personal(), Some(json!({"Trails": []})));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn basic_selectors_count_the_table_arn_or_all_tables_by_read_write_type() {
        let basic = |rw: &str, value: &str| {
            json!({"eventSelectors": [{"readWriteType": rw, "includeManagementEvents": true,
                "dataResources": [{"type": "AWS::DynamoDB::Table", "values": [value]}]}]})
        };
        for value in [ARN, "arn:aws:dynamodb"] {
            let v = eval(personal(), Some(trail(json!(true), basic("All", value))));
            assert!(matches!(v, Verdict::Passed { .. }), "{value}: {v:?}");
        }
        let v = eval(personal(), Some(trail(json!(true), basic("ReadOnly", ARN))));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // A partial ARN CloudTrail documents only for S3 objects: undetermined.
        let v = eval(
            personal(),
            Some(trail(
                json!(true),
                basic("All", "arn:aws:dynamodb:eu-west-2:123456789012:table/cust"),
            )),
        );
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
    }

    #[test]
    fn a_trail_that_could_not_be_read_is_undetermined_not_failed() {
        let unread = json!({"Trails": [{"name": "org", "trailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/org"}]});
        let v = eval(personal(), Some(unread));
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        // A malformed answer is no answer.
        let mut lookups = Lookups::none();
        assert!(lookups
            .insert_json(
                LookupKey::new(LookupKind::CloudTrailTrails, ARN),
                json!({"Trails": 3})
            )
            .is_err());
    }
}
