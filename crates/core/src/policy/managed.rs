//! AWS managed policies that grant broad access, known to the core without a network call,
//! and the Lambda execution policies almost every serverless role has attached (so that common
//! roles are judged without a lookup).
//!
//! Each entry keeps the statements of the AWS managed policy that grant broad or write access
//! (as AWS publishes them in the IAM console and the AWS Managed Policy Reference Guide);
//! read-only helper statements are left out, since they cannot make a verdict worse. Any other
//! attached policy, customer managed or AWS managed, is fetched by the shell (lookup kind
//! `iam.managed-policy`).

use super::document::Document;

/// One well-known AWS managed policy.
#[derive(Debug)]
pub struct ManagedPolicy {
    /// The policy's name, e.g. `AdministratorAccess`.
    pub name: &'static str,
    /// The ARN path after `policy/` (job-function and service-role policies live under a path).
    pub path_and_name: &'static str,
    /// The granting statements, as JSON.
    pub document: &'static str,
}

impl ManagedPolicy {
    /// The parsed document. The data is part of Vigil and tested to parse.
    pub fn parse(&self) -> Option<Document> {
        Document::parse_str(self.document).ok()
    }

    /// The parsed document, parsed once per process and shared.
    pub fn document(&'static self) -> Option<&'static Document> {
        static PARSED: std::sync::OnceLock<Vec<Option<Document>>> = std::sync::OnceLock::new();
        let parsed = PARSED.get_or_init(|| KNOWN.iter().map(ManagedPolicy::parse).collect());
        let index = KNOWN.iter().position(|p| std::ptr::eq(p, self))?;
        parsed.get(index)?.as_ref()
    }
}

/// The well-known broad AWS managed policies.
pub static KNOWN: &[ManagedPolicy] = &[
    ManagedPolicy {
        name: "AdministratorAccess",
        path_and_name: "AdministratorAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "PowerUserAccess",
        path_and_name: "PowerUserAccess",
        document: r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
            {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "IAMFullAccess",
        path_and_name: "IAMFullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonRDSFullAccess",
        path_and_name: "AmazonRDSFullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["rds:*","application-autoscaling:DeleteScalingPolicy","application-autoscaling:DeregisterScalableTarget","application-autoscaling:PutScalingPolicy","application-autoscaling:RegisterScalableTarget","cloudwatch:DeleteAlarms","cloudwatch:PutMetricAlarm","ec2:CreateNetworkInterface","ec2:CreateSecurityGroup","ec2:ModifyNetworkInterfaceAttribute","ec2:AuthorizeSecurityGroupIngress","sns:CreateTopic","outposts:GetOutpostInstanceTypes","devops-guru:*"],"Resource":"*"},
            {"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringLike":{"iam:AWSServiceName":["rds.amazonaws.com","rds.application-autoscaling.amazonaws.com"]}}}]}"#,
    },
    ManagedPolicy {
        name: "AmazonDynamoDBFullAccess",
        path_and_name: "AmazonDynamoDBFullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:DeleteScalingPolicy","application-autoscaling:DeregisterScalableTarget","application-autoscaling:PutScalingPolicy","application-autoscaling:RegisterScalableTarget","cloudwatch:DeleteAlarms","cloudwatch:PutMetricAlarm","datapipeline:*","kinesis:*","lambda:CreateEventSourceMapping","lambda:CreateFunction","lambda:DeleteEventSourceMapping","lambda:DeleteFunction","resource-groups:CreateGroup","resource-groups:DeleteGroup","sns:CreateTopic","sns:DeleteTopic","sns:Subscribe","sns:Unsubscribe","sns:SetTopicAttributes"],"Resource":"*"},
            {"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":{"iam:PassedToService":["application-autoscaling.amazonaws.com","application-autoscaling.amazonaws.com.cn","dax.amazonaws.com"]}}}]}"#,
    },
    ManagedPolicy {
        name: "AmazonS3FullAccess",
        path_and_name: "AmazonS3FullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonEC2FullAccess",
        path_and_name: "AmazonEC2FullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","elasticloadbalancing:*","cloudwatch:*","autoscaling:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AWSLambda_FullAccess",
        path_and_name: "AWSLambda_FullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:ListAliases","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:*","logs:DescribeLogGroups","states:DescribeStateMachine","states:ListStateMachines","tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},
            {"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}"#,
    },
    ManagedPolicy {
        name: "SecretsManagerReadWrite",
        path_and_name: "SecretsManagerReadWrite",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:*","cloudformation:CreateChangeSet","cloudformation:DescribeChangeSet","cloudformation:DescribeStackResource","cloudformation:DescribeStacks","cloudformation:ExecuteChangeSet","docdb-elastic:GetCluster","docdb-elastic:ListClusters","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:DescribeKey","kms:ListAliases","kms:ListKeys","lambda:ListFunctions","rds:DescribeDBClusters","rds:DescribeDBInstances","redshift:DescribeClusters","tag:GetResources"],"Resource":"*"},
            {"Effect":"Allow","Action":["lambda:AddPermission","lambda:CreateFunction","lambda:GetFunction","lambda:InvokeFunction","lambda:UpdateFunctionConfiguration"],"Resource":"arn:aws:lambda:*:*:function:SecretsManager*"},
            {"Effect":"Allow","Action":["serverlessrepo:CreateCloudFormationChangeSet","serverlessrepo:GetApplication"],"Resource":"arn:aws:serverlessrepo:*:*:applications/SecretsManager*"},
            {"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::awsserverlessrepo-changesets*","arn:aws:s3:::secrets-manager-rotation-apps-*/*"]}]}"#,
    },
    ManagedPolicy {
        name: "AWSKeyManagementServicePowerUser",
        path_and_name: "AWSKeyManagementServicePowerUser",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:CreateAlias","kms:CreateKey","kms:DeleteAlias","kms:Describe*","kms:GenerateRandom","kms:Get*","kms:List*","kms:TagResource","kms:UntagResource","iam:ListGroups","iam:ListRoles","iam:ListUsers"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AWSCloudFormationFullAccess",
        path_and_name: "AWSCloudFormationFullAccess",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "SystemAdministrator",
        path_and_name: "job-function/SystemAdministrator",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["acm:*","cloudformation:*","cloudtrail:*","cloudwatch:*","codecommit:*","codedeploy:*","config:*","ds:*","ec2:*","elasticloadbalancing:*","events:*","kms:Describe*","kms:List*","lambda:*","logs:*","rds:*","route53:*","s3:*","sns:*","sqs:*","ssm:*","trustedadvisor:*"],"Resource":"*"},
            {"Effect":"Allow","Action":["iam:PassRole"],"Resource":["arn:aws:iam::*:role/rds-monitoring-role","arn:aws:iam::*:role/ec2-sysadmin-*","arn:aws:iam::*:role/ecr-sysadmin-*","arn:aws:iam::*:role/lambda-sysadmin-*"]}]}"#,
    },
    ManagedPolicy {
        name: "DatabaseAdministrator",
        path_and_name: "job-function/DatabaseAdministrator",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:DeleteAlarms","cloudwatch:PutMetricAlarm","datapipeline:*","dynamodb:*","ec2:AuthorizeSecurityGroupIngress","ec2:CreateSecurityGroup","ec2:DeleteSecurityGroup","elasticache:*","lambda:CreateEventSourceMapping","lambda:CreateFunction","lambda:DeleteEventSourceMapping","lambda:DeleteFunction","rds:*","redshift:*","s3:CreateBucket","sns:CreateTopic","sns:DeleteTopic","sns:Subscribe","sns:Unsubscribe"],"Resource":"*"},
            {"Effect":"Allow","Action":["iam:PassRole"],"Resource":["arn:aws:iam::*:role/rds-monitoring-role","arn:aws:iam::*:role/rdbms-lambda-access","arn:aws:iam::*:role/lambda_exec_role","arn:aws:iam::*:role/lambda-dynamodb-*","arn:aws:iam::*:role/lambda-vpc-execution-role","arn:aws:iam::*:role/DataPipelineDefaultRole","arn:aws:iam::*:role/DataPipelineDefaultResourceRole"]}]}"#,
    },
    ManagedPolicy {
        name: "AWSLambdaBasicExecutionRole",
        path_and_name: "service-role/AWSLambdaBasicExecutionRole",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
];

/// The known AWS managed policy with this ARN (`arn:<partition>:iam::aws:policy/<path><name>`),
/// or `None` for customer managed policies and AWS managed policies Vigil does not carry.
pub fn known(arn: &str) -> Option<&'static ManagedPolicy> {
    let rest = arn.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    let path_and_name = rest.strip_prefix("iam::aws:policy/")?;
    KNOWN.iter().find(|p| p.path_and_name == path_and_name)
}

/// Whether the ARN is an AWS managed policy's (`arn:<partition>:iam::aws:policy/...`).
pub fn is_aws_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws") && arn.contains(":policy/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_policy_parses_and_grants_something() {
        for p in KNOWN {
            let d = p
                .parse()
                .unwrap_or_else(|| panic!("{} does not parse", p.name));
            assert!(!d.statements.is_empty(), "{}", p.name);
            assert!(p.path_and_name.ends_with(p.name));
        }
    }

    #[test]
    fn known_policies_are_found_by_arn_in_any_partition() {
        assert_eq!(
            known("arn:aws:iam::aws:policy/AdministratorAccess").map(|p| p.name),
            Some("AdministratorAccess")
        );
        assert!(known("arn:aws-us-gov:iam::aws:policy/PowerUserAccess").is_some());
        assert!(known("arn:aws:iam::aws:policy/job-function/SystemAdministrator").is_some());
        assert!(known("arn:aws:iam::123456789012:policy/AdministratorAccess").is_none());
        assert!(known("arn:aws:iam::aws:policy/ReadOnlyAccess").is_none());
        assert!(is_aws_managed("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(!is_aws_managed("arn:aws:iam::123456789012:policy/mine"));
    }

    #[test]
    fn the_broad_policies_say_what_they_grant() {
        let admin = known("arn:aws:iam::aws:policy/AdministratorAccess")
            .and_then(ManagedPolicy::parse)
            .unwrap();
        assert_eq!(admin.allows("*", "*").len(), 1);
        let power = known("arn:aws:iam::aws:policy/PowerUserAccess")
            .and_then(ManagedPolicy::parse)
            .unwrap();
        assert!(power.allows("*", "*").is_empty());
        assert_eq!(power.allows("rds:DeleteDBInstance", "*").len(), 1);
        let ddb = known("arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess")
            .and_then(ManagedPolicy::parse)
            .unwrap();
        assert_eq!(ddb.allows("dynamodb:DeleteTable", "*").len(), 1);
    }
}
