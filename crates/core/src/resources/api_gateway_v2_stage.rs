//! `AWS::ApiGatewayV2::Stage`: an HTTP or WebSocket API stage, from the AWS Config item's
//! configuration (the AWS Config resource schema's names: `stageName`,
//! `accessLogSettings.destinationArn`, `defaultRouteSettings.loggingLevel`,
//! `defaultRouteSettings.throttlingBurstLimit`, `defaultRouteSettings.throttlingRateLimit`).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

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
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl V2Stage {
    /// Reads the stage from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let described = c.raw("stageName").is_some();
        let log_path = join(c.path(), "accessLogSettings");
        let access_log_destination = match c.opt_obj("accessLogSettings", &log_path)? {
            Some(log) => Fact::Known(
                log.opt_str("destinationArn")?
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
            ),
            None if described => Fact::Known(None),
            None => Fact::Unknown,
        };
        let route_path = join(c.path(), "defaultRouteSettings");
        let route = c.opt_obj("defaultRouteSettings", &route_path)?;
        let rate = match route.and_then(|r| r.raw("throttlingRateLimit")) {
            None => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                return Err(InputError::invalid(
                    join(&route_path, "throttlingRateLimit"),
                    "a number",
                    kind_of(other),
                ))
            }
        };
        let burst = match route {
            Some(r) => r.i64_fact("throttlingBurstLimit")?.get().copied(),
            None => None,
        };
        let known = route.is_some() || described;
        Ok(V2Stage {
            stage_name: c.str_fact("stageName")?,
            access_log_destination,
            throttling_rate_limit: fact_if(known, rate),
            throttling_burst_limit: fact_if(known, burst),
            tags: Fact::Unknown,
        })
    }
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
    fn a_described_stage_without_settings_has_none_and_a_partial_one_is_unknown() {
        let v = json!({"stageName": "prod"});
        let s = V2Stage::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(s.access_log_destination, Fact::Known(None));
        assert_eq!(s.throttling_rate_limit, Fact::Known(None));
        let v = json!({"autoDeploy": true});
        let s = V2Stage::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(s.access_log_destination, Fact::Unknown);
        assert_eq!(s.throttling_rate_limit, Fact::Unknown);
    }
}
