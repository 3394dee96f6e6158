//! Lambda functions.

use super::{ApiCall, Kind};
use crate::resource::Resource;
use crate::resources::lambda_function::LambdaFunction;

/// `AWS::Lambda::Function`.
pub const FUNCTION: Kind = Kind {
    type_name: "AWS::Lambda::Function",
    asff_type: "AwsLambdaFunction",
    noun: "Lambda function",
    recorded_by_config: true,
    parse: |c, _| LambdaFunction::parse(c).map(Resource::LambdaFunction),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "ListFunctions",
        actions: &["lambda:ListFunctions"],
    },
};
