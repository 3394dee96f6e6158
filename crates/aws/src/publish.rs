//! Delivery: findings to Security Hub (`BatchImportFindings`), alerts to SNS (`Publish`).

use crate::error::AwsError;
use aws_sdk_securityhub::types as hub;
use aws_sdk_sns::types::MessageAttributeValue;
use vigil_core::asff::Finding;
use vigil_core::message::Alert;
use vigil_core::state::ResourceState;
use vigil_pipeline::{BoxError, Delivered, Deliverer};

/// Security Hub accepts at most 100 findings per `BatchImportFindings` call.
pub const IMPORT_BATCH: usize = 100;

/// Imports findings to Security Hub.
#[derive(Clone, Debug)]
pub struct SecurityHubPublisher {
    client: aws_sdk_securityhub::Client,
}

impl SecurityHubPublisher {
    /// A publisher over the client.
    pub fn new(client: aws_sdk_securityhub::Client) -> Self {
        SecurityHubPublisher { client }
    }

    /// Imports the findings in batches of 100; any finding Security Hub refuses is an error
    /// (the outbox keeps it for the retry).
    pub async fn import(&self, findings: &[Finding]) -> Result<(), AwsError> {
        for chunk in findings.chunks(IMPORT_BATCH) {
            let batch = chunk.iter().map(to_sdk).collect::<Vec<_>>();
            let out = self
                .client
                .batch_import_findings()
                .set_findings(Some(batch))
                .send()
                .await
                .map_err(|e| AwsError::call("Security Hub", "BatchImportFindings", e))?;
            if out.failed_count().unwrap_or(0) > 0 {
                let reasons: Vec<String> = out
                    .failed_findings()
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {} {}",
                            f.id().unwrap_or("?"),
                            f.error_code().unwrap_or("?"),
                            f.error_message().unwrap_or("")
                        )
                    })
                    .collect();
                return Err(AwsError::Call {
                    service: "Security Hub",
                    operation: "BatchImportFindings",
                    message: format!(
                        "{} finding(s) refused: {}",
                        reasons.len(),
                        reasons.join("; ")
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Maps the core's ASFF finding onto the SDK's types.
pub fn to_sdk(f: &Finding) -> hub::AwsSecurityFinding {
    let severity = hub::Severity::builder()
        .label(hub::SeverityLabel::from(f.severity.label.as_str()))
        .original(&f.severity.original)
        .build();
    let provider = hub::FindingProviderFields::builder()
        .severity(
            hub::FindingProviderSeverity::builder()
                .label(hub::SeverityLabel::from(
                    f.finding_provider_fields.severity.label.as_str(),
                ))
                .original(&f.finding_provider_fields.severity.original)
                .build(),
        )
        .set_types(Some(f.finding_provider_fields.types.clone()))
        .build();
    let remediation = hub::Remediation::builder()
        .recommendation(
            hub::Recommendation::builder()
                .text(&f.remediation.recommendation.text)
                .set_url(f.remediation.recommendation.url.clone())
                .build(),
        )
        .build();
    let resources = f
        .resources
        .iter()
        .map(|r| {
            hub::Resource::builder()
                .r#type(&r.r#type)
                .id(&r.id)
                .partition(hub::Partition::from(r.partition.as_str()))
                .region(&r.region)
                .build()
        })
        .collect::<Vec<_>>();
    let compliance = hub::Compliance::builder()
        .status(hub::ComplianceStatus::from(f.compliance.status.as_str()))
        .set_related_requirements(Some(f.compliance.related_requirements.clone()))
        .build();
    hub::AwsSecurityFinding::builder()
        .schema_version(&f.schema_version)
        .id(&f.id)
        .product_arn(&f.product_arn)
        .generator_id(&f.generator_id)
        .aws_account_id(&f.aws_account_id)
        .region(&f.region)
        .set_types(Some(f.types.clone()))
        .created_at(&f.created_at)
        .updated_at(&f.updated_at)
        .first_observed_at(&f.first_observed_at)
        .last_observed_at(&f.last_observed_at)
        .severity(severity)
        .finding_provider_fields(provider)
        .title(&f.title)
        .description(&f.description)
        .remediation(remediation)
        .set_product_fields(Some(f.product_fields.clone().into_iter().collect()))
        .set_resources(Some(resources))
        .compliance(compliance)
        .record_state(hub::RecordState::from(f.record_state.as_str()))
        .build()
}

/// Publishes alerts to the owner's SNS topic.
#[derive(Clone, Debug)]
pub struct SnsPublisher {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl SnsPublisher {
    /// A publisher to `topic_arn`.
    pub fn new(client: aws_sdk_sns::Client, topic_arn: impl Into<String>) -> Self {
        SnsPublisher {
            client,
            topic_arn: topic_arn.into(),
        }
    }

    /// Publishes one alert, with its attributes for subscription filters.
    pub async fn publish(&self, alert: &Alert) -> Result<(), AwsError> {
        let mut request = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(&alert.subject)
            .message(&alert.body);
        for (key, value) in &alert.attributes {
            let attribute = MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .map_err(|e| AwsError::call("SNS", "Publish", e))?;
            request = request.message_attributes(key, attribute);
        }
        request
            .send()
            .await
            .map_err(|e| AwsError::call("SNS", "Publish", e))?;
        Ok(())
    }
}

/// The Lambda's deliverer: findings to Security Hub first, then alerts to SNS.
#[derive(Clone, Debug)]
pub struct AwsDeliverer {
    /// Security Hub.
    pub hub: SecurityHubPublisher,
    /// SNS.
    pub sns: SnsPublisher,
}

impl Deliverer for AwsDeliverer {
    async fn deliver(&self, state: &ResourceState) -> Result<Delivered, BoxError> {
        let rendered = vigil_core::delivery::render(state);
        self.hub.import(&rendered.findings).await?;
        for alert in &rendered.alerts {
            self.sns.publish(alert).await?;
        }
        Ok(Delivered {
            findings: rendered.findings.len(),
            alerts: rendered.alerts.len(),
        })
    }
}
