//! Rules for AWS Lambda functions: runtimes, networking, and what a function exposes (its URL,
//! its environment).
//!
//! Lookup kinds these rules declare (answered by the shell, `crates/aws/src/lookup/lambda.rs` and `lookup/ec2.rs`;
//! the answers are [`crate::lookups::lambda`] and [`crate::lookups::ec2`]):
//! - `lambda.function-configuration`, id = function name: the environment and its KMS key
//!   ([`FunctionConfiguration`]), for items that do not carry the environment (the Config
//!   schema does not list it).
//! - `lambda.function-url`, id = function name: the URL's auth type and CORS origins, or no URL
//!   ([`FunctionUrl`]).
//! - `lambda.policy`, id = function name: the resource-based policy or none
//!   ([`crate::lookups::lambda::FunctionPolicy`]).
//! - `ec2.subnet`, id = subnet id: its Availability Zone ([`crate::lookups::ec2::Subnet`]).

pub mod environment_cmk;
pub mod environment_secrets;
pub mod function_url_auth;
pub mod function_url_cors;
pub mod inside_vpc;
pub mod public_access;
pub mod supported_runtime;
pub mod timeout;
pub mod vpc_multi_az;

use crate::lookups::lambda::{FunctionConfiguration, FunctionUrl};
use crate::lookups::{Key, LookupAnswer, LookupKey};
use crate::resources::lambda_function::{Environment, LambdaFunction};
use crate::rules::Context;
use crate::verdict::Verdict;

/// The `lambda.function-url` lookup for a function, when its name is known.
pub(crate) fn function_url_key(f: &LambdaFunction) -> Option<Key<FunctionUrl>> {
    f.function_name
        .get()
        .map(|name| FunctionUrl::key(name.clone()))
}

/// The lookup that gives the environment, when the item did not carry it.
pub(crate) fn environment_lookup(f: &LambdaFunction) -> Vec<LookupKey> {
    match (&f.environment, f.function_name.get()) {
        (crate::fact::Fact::Unknown, Some(name)) => {
            vec![FunctionConfiguration::key(name.clone()).untyped()]
        }
        _ => Vec::new(),
    }
}

/// The function's environment, from the item or from the `lambda.function-configuration`
/// answer, with the KMS key the answer named (if the environment came from it).
pub(crate) fn environment(
    f: &LambdaFunction,
    ctx: &Context<'_>,
) -> Result<(Environment, Option<Option<String>>), Verdict> {
    if let Some(env) = f.environment.get() {
        return Ok((env.clone(), None));
    }
    let Some(name) = f.function_name.get() else {
        return Err(Verdict::undetermined(["environment", "functionName"]));
    };
    let answer = ctx.lookups.get(&FunctionConfiguration::key(name.clone()))?;
    Ok((answer.variables(), answer.kms_key_arn.clone()))
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds Lambda functions from literal configuration JSON, as the Config item carries it.
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::resources::lambda_function::LambdaFunction;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;
    use serde_json::{json, Value};

    pub fn function(config: Value) -> Resource {
        Resource::LambdaFunction(
            LambdaFunction::parse(Obj::new(&config, "configuration").unwrap()).unwrap(),
        )
    }

    pub fn eval_full(
        rule: &dyn Rule,
        config: Value,
        settings: &Settings,
        lookups: &Lookups,
    ) -> Verdict {
        rule.evaluate(&function(config), &Context::new(settings, lookups))
    }

    pub fn eval(rule: &dyn Rule, config: Value) -> Verdict {
        eval_full(rule, config, &Settings::default(), &Lookups::none())
    }

    pub fn eval_with_lookups(rule: &dyn Rule, config: Value, lookups: &Lookups) -> Verdict {
        eval_full(rule, config, &Settings::default(), lookups)
    }

    /// A described Zip function with this runtime.
    pub fn zip(runtime: &str) -> Value {
        json!({"functionName": "orders-api", "functionArn": "arn:aws:lambda:eu-west-2:123456789012:function:orders-api",
               "runtime": runtime, "packageType": "Zip", "timeout": 30, "memorySize": 512,
               "vpcConfig": {"subnetIds": [], "securityGroupIds": []}})
    }
}
