//! CloudTrail answers: the trails that log in the resource's Region, with what each records.

use crate::fact::Fact;
use crate::json::Obj;
use crate::resources::cloudtrail_trail::{DataEvents, Trail};
use serde::Deserialize;
use serde_json::Value;

/// `cloudtrail.trails` (id: the resource's ARN; the answer does not depend on it, and is asked
/// once per account and Region): every trail that logs in the resource's Region
/// (`DescribeTrails` with shadow trails, so the account's multi-Region trails whatever their
/// home Region), each read as the trail kind reads a trail (`GetTrail`, `GetTrailStatus`,
/// `GetEventSelectors`) and in its shape (`vigil_core::resources::cloudtrail_trail`); a trail
/// that could not be read carries only its `name` and `trailARN`. Shape: [`Trails::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "Value")]
pub struct Trails {
    /// `Trails`.
    pub trails: Vec<Trail>,
}

impl Trails {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Trails": [{"name": "management-events", "trailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/management-events", "homeRegion": "eu-west-2", "isMultiRegionTrail": true, "isLogging": true, "eventSelectors": [], "advancedEventSelectors": [{"name": "Management events", "fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}, {"name": "Customer tables", "fieldSelectors": [{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::DynamoDB::Table"]}, {"field": "resources.ARN", "startsWith": ["arn:aws:dynamodb:eu-west-2:123456789012:table/customers"]}]}]}]}"#;

    /// Which data events of the resource of `resource_type` with `arn` the logging trails
    /// record, with the name of a trail that records both when one does (reads and writes may
    /// come from different trails). A stopped trail records nothing; a trail whose logging
    /// status or selectors are unknown makes what it might record unknown.
    pub fn data_events(&self, resource_type: &str, arn: &str) -> (DataEvents, Option<String>) {
        let mut out = DataEvents {
            reads: Fact::Known(false),
            writes: Fact::Known(false),
        };
        let mut by = None;
        for t in &self.trails {
            let recorded = match (t.logging.get(), t.selectors.get()) {
                (Some(false), _) => continue,
                (Some(true), Some(s)) => s.data_events(resource_type, arn),
                _ => DataEvents {
                    reads: Fact::Unknown,
                    writes: Fact::Unknown,
                },
            };
            if by.is_none()
                && recorded.reads == Fact::Known(true)
                && recorded.writes == Fact::Known(true)
            {
                by = t.name.get().cloned();
            }
            out = out.or(recorded);
        }
        (out, by)
    }
}

impl TryFrom<Value> for Trails {
    type Error = String;

    fn try_from(v: Value) -> Result<Self, Self::Error> {
        let c = Obj::new(&v, "").map_err(|e| e.to_string())?;
        let (items, path) = c
            .opt_array("Trails", "a list of trails")
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "missing field `Trails`".to_string())?;
        let mut trails = Vec::new();
        for item in items {
            let o = Obj::new(item, &path).map_err(|e| e.to_string())?;
            trails.push(Trail::parse(o).map_err(|e| e.to_string())?);
        }
        Ok(Trails { trails })
    }
}
