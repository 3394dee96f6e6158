//! Lambda functions.

use super::CallEffect::{Deletes, Describes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::lambda_function::LambdaFunction;

const LAMBDA: &str = "lambda.amazonaws.com";

/// A function call names the function by the response's `functionName`, else the request's
/// (a name or an ARN, which then names it). The ARN follows from the name.
const FUNCTION_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Response(&["functionName"]), Request(&["functionName"])],
    parent: &[],
    id: None,
    arn: Some(Response(&["functionArn"])),
    arn_pattern: "arn:{partition}:lambda:{region}:{account}:function:{name}",
    built_arn: BuiltArn::Real,
};

/// CloudTrail does not record a function's environment variables as they are: read from a
/// call, they would look like "no variables". They stay unknown, and the rules that read them
/// use the `lambda.function-configuration` lookup or AWS Config's item.
const UNRECORDED: &[&str] = &["environment"];

/// `AWS::Lambda::Function`. Lambda writes its event names with the API version
/// (`CreateFunction20150331`, `UpdateFunctionConfiguration20150331v2`). The create and update
/// calls answer with the function's configuration; permissions (the function's resource
/// policy) and function URLs are looked up, so those calls (a function URL's deletion too:
/// it makes the URL rules not applicable) have the function described.
pub const FUNCTION: Kind = Kind {
    type_name: "AWS::Lambda::Function",
    asff_type: "AwsLambdaFunction",
    noun: "Lambda function",
    recorded_by_config: true,
    parse: |c, _| LambdaFunction::parse(c).map(Resource::LambdaFunction),
    calls: &[
        call(
            LAMBDA,
            "CreateFunction20150331",
            Describes,
            &FUNCTION_NAMING,
        )
        .unrecorded(UNRECORDED),
        call(
            LAMBDA,
            "UpdateFunctionConfiguration20150331v2",
            Describes,
            &FUNCTION_NAMING,
        )
        .unrecorded(UNRECORDED),
        call(
            LAMBDA,
            "UpdateFunctionCode20150331v2",
            Describes,
            &FUNCTION_NAMING,
        )
        .unrecorded(UNRECORDED),
        call(LAMBDA, "AddPermission20150331v2", Names, &FUNCTION_NAMING),
        call(
            LAMBDA,
            "RemovePermission20150331v2",
            Names,
            &FUNCTION_NAMING,
        ),
        call(
            LAMBDA,
            "CreateFunctionUrlConfig20211031",
            Names,
            &FUNCTION_NAMING,
        ),
        call(
            LAMBDA,
            "UpdateFunctionUrlConfig20211031",
            Names,
            &FUNCTION_NAMING,
        ),
        call(
            LAMBDA,
            "DeleteFunctionUrlConfig20211031",
            Names,
            &FUNCTION_NAMING,
        ),
        call(LAMBDA, "DeleteFunction20150331", Deletes, &FUNCTION_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetFunctionConfiguration",
        actions: &["lambda:GetFunctionConfiguration"],
    }),
    list: ApiCall {
        operation: "ListFunctions",
        actions: &["lambda:ListFunctions"],
    },
};
