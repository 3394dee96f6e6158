//! `AWS::ApiGatewayV2::Stage`: an HTTP or WebSocket API stage, from the AWS Config item's
//! configuration (the AWS Config resource schema's names: `stageName`,
//! `accessLogSettings.destinationArn`, `defaultRouteSettings.loggingLevel`,
//! `defaultRouteSettings.throttlingBurstLimit`, `defaultRouteSettings.throttlingRateLimit`) and
//! its `routeSettings` map (route key → `loggingLevel`, ..., as `GetStage` returns it; the schema
//! lists no map keys, so it is absent from the property list, as a REST stage's `methodSettings`).
//!
//! The configuration does not name the stage's API: the API id is read from the item's ARN
//! (`arn:aws:apigateway:<region>::/apis/<api-id>/stages/<stage>`) by
//! [`crate::resource::Resource::fill_from_arn`].

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// A stage's route overrides: each route key and its `loggingLevel`, if it sets one.
pub type RouteLogging = Vec<(String, Option<String>)>;

/// An API Gateway v2 stage. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct V2Stage {
    /// `stageName`.
    pub stage_name: Fact<String>,
    /// `accessLogSettings.destinationArn`: known `None` when a described stage has no access
    /// logging.
    pub access_log_destination: Fact<Option<String>>,
    /// `defaultRouteSettings.throttlingRateLimit`: known `None` when not set.
    pub throttling_rate_limit: Fact<Option<f64>>,
    /// `defaultRouteSettings.throttlingBurstLimit`: known `None` when not set.
    pub throttling_burst_limit: Fact<Option<i64>>,
    /// `defaultRouteSettings.loggingLevel` (`OFF`, `ERROR`, `INFO`; WebSocket APIs only): known
    /// `None` when a described stage does not set it.
    pub logging_level: Fact<Option<String>>,
    /// `routeSettings`: each route override's key and `loggingLevel` (`None` when the override
    /// does not set one). Known empty when a described stage has no overrides.
    pub route_logging: Fact<RouteLogging>,
    /// The id of the API the stage belongs to, from the item's ARN (the configuration does not
    /// carry it).
    pub api_id: Fact<String>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl V2Stage {
    /// Reads the stage from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let described = c.raw("stageName").is_some();
        let log_path = join(c.path(), "accessLogSettings");
        let access_log_destination = c.field(|| {
            Ok(match c.opt_obj("accessLogSettings", &log_path)? {
                Some(log) => Fact::Known(
                    log.opt_str("destinationArn")?
                        .filter(|d| !d.is_empty())
                        .map(str::to_string),
                ),
                None if described => Fact::Known(None),
                None => Fact::Unknown,
            })
        })?;
        // The default route settings, unknown as a whole when they are not an object.
        let route_path = join(c.path(), "defaultRouteSettings");
        let route = c.field(|| Ok(Fact::Known(c.opt_obj("defaultRouteSettings", &route_path)?)))?;
        let throttling_rate_limit = route_setting(c, &route, described, |r| {
            match r.raw("throttlingRateLimit") {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(n.as_f64()),
                Some(other) => Err(InputError::invalid(
                    join(r.path(), "throttlingRateLimit"),
                    "a number",
                    kind_of(other),
                )),
            }
        })?;
        let throttling_burst_limit = route_setting(c, &route, described, |r| {
            Ok(r.i64_fact("throttlingBurstLimit")?.get().copied())
        })?;
        let logging_level = route_setting(c, &route, described, |r| {
            Ok(r.opt_str("loggingLevel")?.map(str::to_string))
        })?;
        Ok(V2Stage {
            stage_name: c.str_fact("stageName")?,
            access_log_destination,
            throttling_rate_limit,
            throttling_burst_limit,
            logging_level,
            route_logging: route_logging(c, described)?,
            api_id: Fact::Unknown,
            tags: Fact::Unknown,
        })
    }
}

fn route_logging(c: Obj<'_>, described: bool) -> Result<Fact<RouteLogging>, InputError> {
    c.tolerate(read_route_logging(c, described))
}

fn read_route_logging(c: Obj<'_>, described: bool) -> Result<Fact<RouteLogging>, InputError> {
    let Some(value) = c.raw("routeSettings") else {
        return Ok(fact_if(described, Vec::new()));
    };
    let path = join(c.path(), "routeSettings");
    let Value::Object(map) = value else {
        return Err(InputError::invalid(
            path,
            "an object of route settings",
            kind_of(value),
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (route, setting) in map {
        let setting_path = join(&path, route);
        let s = Obj::new(setting, &setting_path)?;
        out.push((
            route.clone(),
            s.opt_str("loggingLevel")?.map(str::to_string),
        ));
    }
    Ok(Fact::Known(out))
}

/// The API id in an API Gateway stage ARN: the segment after `/apis/` (v2) or `/restapis/`
/// (REST), e.g. `arn:aws:apigateway:eu-west-2::/apis/k1l2m3n4o5/stages/$default`.
pub fn api_id_in_arn(arn: &str, collection: &str) -> Option<String> {
    let marker = format!("::/{collection}/");
    let rest = &arn[arn.find(&marker)? + marker.len()..];
    let (id, tail) = rest.split_once('/')?;
    (!id.is_empty() && tail.starts_with("stages/")).then(|| id.to_string())
}

/// One of the default route settings: unknown when the settings are, known (maybe `None`) when
/// they are there or the stage is fully described; one that cannot be read is set aside.
fn route_setting<'a, T>(
    c: Obj<'a>,
    route: &Fact<Option<Obj<'a>>>,
    described: bool,
    read: impl FnOnce(Obj<'a>) -> Result<Option<T>, InputError>,
) -> Result<Fact<Option<T>>, InputError> {
    let Fact::Known(route) = route else {
        return Ok(Fact::Unknown);
    };
    c.field(|| {
        let value = match route {
            Some(r) => read(*r)?,
            None => None,
        };
        Ok(fact_if(route.is_some() || described, value))
    })
}

fn fact_if<T>(known: bool, value: T) -> Fact<T> {
    if known {
        Fact::Known(value)
    } else {
        Fact::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn access_logs_and_throttling_are_read() {
        let v = json!({"stageName": "$default", "accessLogSettings": {"destinationArn": "arn:aws:logs:eu-west-2:123456789012:log-group:api", "format": "$context.requestId"},
                       "defaultRouteSettings": {"throttlingBurstLimit": 100, "throttlingRateLimit": 50.0}});
        let s = V2Stage::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert!(matches!(s.access_log_destination, Fact::Known(Some(_))));
        assert_eq!(s.throttling_burst_limit, Fact::Known(Some(100)));
        assert_eq!(s.throttling_rate_limit, Fact::Known(Some(50.0)));
    }

    #[test]
    fn logging_levels_are_read_from_defaults_and_route_overrides() {
        let v = json!({"stageName": "prod", "defaultRouteSettings": {"loggingLevel": "ERROR"},
                       "routeSettings": {"$connect": {"loggingLevel": "OFF", "dataTraceEnabled": false}, "sendMessage": {}}});
        let s = V2Stage::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(s.logging_level, Fact::Known(Some("ERROR".into())));
        assert_eq!(
            s.route_logging,
            Fact::Known(vec![
                ("$connect".into(), Some("OFF".into())),
                ("sendMessage".into(), None)
            ])
        );
        let bad = json!({"stageName": "prod", "routeSettings": []});
        assert!(V2Stage::parse(Obj::new(&bad, "configuration").unwrap()).is_err());
    }

    #[test]
    fn the_api_id_is_read_from_a_stage_arn() {
        assert_eq!(
            api_id_in_arn(
                "arn:aws:apigateway:eu-west-2::/apis/k1l2m3n4o5/stages/$default",
                "apis"
            )
            .as_deref(),
            Some("k1l2m3n4o5")
        );
        assert_eq!(
            api_id_in_arn(
                "arn:aws:apigateway:eu-west-2::/restapis/a1b2c3d4e5/stages/prod",
                "restapis"
            )
            .as_deref(),
            Some("a1b2c3d4e5")
        );
        assert_eq!(
            api_id_in_arn("arn:aws:apigateway:eu-west-2::/apis/k1l2m3n4o5", "apis"),
            None
        );
        assert_eq!(api_id_in_arn("prod", "restapis"), None);
    }

    #[test]
    fn a_described_stage_without_settings_has_none_and_a_partial_one_is_unknown() {
        let v = json!({"stageName": "prod"});
        let s = V2Stage::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(s.access_log_destination, Fact::Known(None));
        assert_eq!(s.throttling_rate_limit, Fact::Known(None));
        assert_eq!(s.logging_level, Fact::Known(None));
        assert_eq!(s.route_logging, Fact::Known(vec![]));
        let v = json!({"autoDeploy": true});
        let s = V2Stage::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(s.access_log_destination, Fact::Unknown);
        assert_eq!(s.throttling_rate_limit, Fact::Unknown);
        assert_eq!(s.logging_level, Fact::Unknown);
        assert_eq!(s.route_logging, Fact::Unknown);
    }
}
