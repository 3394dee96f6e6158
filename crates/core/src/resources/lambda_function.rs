//! `AWS::Lambda::Function`: the fields rules read, from the AWS Config item's configuration (the
//! AWS Config resource schema's names: `functionName`, `functionArn`, `runtime`, `packageType`,
//! `timeout`, `kmskeyArn`, `vpcConfig.subnetIds`) and, where the source carries it,
//! `environment.variables` (the Lambda API's shape, as `GetFunctionConfiguration` returns it).
//!
//! The AWS Config resource schema does not list the environment, so an item without it leaves
//! the environment unknown and the rules that need it ask for the `lambda.function-configuration`
//! lookup instead.
//!
//! **Secrets:** environment values can be credentials. [`Environment`] keeps them for the
//! secret detector only: its `Debug` shows names, never values, and no accessor formats them.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use crate::secrets::NamedValues;
use serde_json::Value;

/// A Lambda function. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LambdaFunction {
    /// `functionName`.
    pub function_name: Fact<String>,
    /// `packageType`: `Zip` or `Image`.
    pub package_type: Fact<String>,
    /// `runtime`, e.g. `python3.13`; container images have none (known `None`).
    pub runtime: Fact<Option<String>>,
    /// `timeout` in seconds.
    pub timeout: Fact<i64>,
    /// `kmskeyArn` (the Config schema's spelling; `kmsKeyArn` is read too): the customer-managed
    /// key that encrypts the environment; known `None` when Lambda's own key is used.
    pub kms_key_arn: Fact<Option<String>>,
    /// `vpcConfig.subnetIds`: empty when the function is not attached to a VPC.
    pub subnet_ids: Fact<Vec<String>>,
    /// `environment.variables`, where the source carried them.
    pub environment: Fact<Environment>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

/// A function's environment variables: [`NamedValues`], whose `Debug` shows names only.
pub type Environment = NamedValues;

impl LambdaFunction {
    /// Reads the function from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let described = c.raw("functionName").is_some();
        let when_described = |value: Option<String>| match (value, described) {
            (Some(v), _) => Fact::Known(Some(v)),
            (None, true) => Fact::Known(None),
            (None, false) => Fact::Unknown,
        };
        let package_type = c.str_fact("packageType")?;
        let runtime = c.field(|| {
            Ok(
                match (
                    c.opt_str("runtime")?,
                    package_type.get().map(String::as_str),
                ) {
                    (Some(r), _) => Fact::Known(Some(r.to_string())),
                    (None, Some("Image")) => Fact::Known(None),
                    (None, _) => Fact::Unknown,
                },
            )
        })?;
        let kms_key_arn = c.field(|| {
            let kms = c.opt_str("kmskeyArn")?.or(c.opt_str("kmsKeyArn")?);
            Ok(when_described(kms.map(str::to_string)))
        })?;
        let vpc_path = join(c.path(), "vpcConfig");
        let subnet_ids = c.field(|| {
            Ok(match c.opt_obj("vpcConfig", &vpc_path)? {
                Some(vpc) => strings(vpc, "subnetIds")?.map_or(Fact::Unknown, Fact::Known),
                None if described => Fact::Known(Vec::new()),
                None => Fact::Unknown,
            })
        })?;
        let env_path = join(c.path(), "environment");
        let environment = c.field(|| {
            Ok(match c.opt_obj("environment", &env_path)? {
                Some(env) => match env.raw("variables") {
                    Some(vars) => {
                        Fact::Known(Environment::from_json(vars, &join(&env_path, "variables"))?)
                    }
                    None => Fact::Known(Environment::default()),
                },
                None => Fact::Unknown,
            })
        })?;
        Ok(LambdaFunction {
            function_name: c.str_fact("functionName")?,
            package_type,
            runtime,
            timeout: c.i64_fact("timeout")?,
            kms_key_arn,
            subnet_ids,
            environment,
            tags: Fact::Unknown,
        })
    }
}

fn strings(o: Obj<'_>, key: &str) -> Result<Option<Vec<String>>, InputError> {
    match o.raw(key) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(InputError::invalid(
                    format!("{}[{i}]", join(o.path(), key)),
                    "a string",
                    kind_of(other),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(InputError::invalid(
            join(o.path(), key),
            "a list",
            kind_of(other),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> LambdaFunction {
        LambdaFunction::parse(Obj::new(&v, "configuration").unwrap()).unwrap()
    }

    #[test]
    fn a_described_function_knows_it_has_no_vpc_and_no_key() {
        let f = parse(
            json!({"functionName": "orders-api", "runtime": "python3.13", "packageType": "Zip", "timeout": 30}),
        );
        assert_eq!(f.subnet_ids, Fact::Known(vec![]));
        assert_eq!(f.kms_key_arn, Fact::Known(None));
        assert_eq!(f.environment, Fact::Unknown);
        assert_eq!(f.runtime, Fact::Known(Some("python3.13".into())));
    }

    #[test]
    fn container_images_have_no_runtime_and_partial_items_stay_unknown() {
        let f = parse(json!({"functionName": "img", "packageType": "Image"}));
        assert_eq!(f.runtime, Fact::Known(None));
        let f = parse(json!({"timeout": 3}));
        assert_eq!(f.runtime, Fact::Unknown);
        assert_eq!(f.subnet_ids, Fact::Unknown);
        assert_eq!(f.kms_key_arn, Fact::Unknown);
    }

    #[test]
    fn environment_debug_shows_names_not_values() {
        let f = parse(
            json!({"functionName": "f", "kmskeyArn": "arn:aws:kms:eu-west-2:123456789012:key/k",
            "environment": {"variables": {"DB_PASSWORD": "planted-value-9931", "LOG_LEVEL": "info"}}}),
        );
        let env = f.environment.get().unwrap();
        assert_eq!(env.len(), 2);
        let shown = format!("{f:?}");
        assert!(shown.contains("DB_PASSWORD"), "{shown}");
        assert!(!shown.contains("planted-value-9931"), "{shown}");
        assert_eq!(
            f.kms_key_arn,
            Fact::Known(Some("arn:aws:kms:eu-west-2:123456789012:key/k".into()))
        );
    }

    #[test]
    fn a_non_string_variable_is_an_error_naming_it() {
        let v = json!({"environment": {"variables": {"PORT": 5432}}});
        let err = LambdaFunction::parse(Obj::new(&v, "configuration").unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("configuration.environment.variables.PORT"),
            "{err}"
        );
    }
}
