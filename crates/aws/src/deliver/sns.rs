//! Alerts to SNS: `Publish`, with the alert's attributes as message attributes for
//! subscription filters.

use crate::error::{AwsError, Service};
use aws_sdk_sns::types::MessageAttributeValue;
use vigil_core::message::Alert;

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
                .map_err(|e| AwsError::request(Service::Sns, "Publish", e))?;
            request = request.message_attributes(key, attribute);
        }
        request
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Sns, "Publish", e))?;
        Ok(())
    }
}
