//! Findings to Security Hub: `BatchImportFindings`, with the core's ASFF finding mapped onto the
//! SDK's types; then `BatchUpdateFindings` for the workflow of an accepted risk's finding
//! (`SUPPRESSED`, or back to `NEW`), which an import cannot change.

use crate::error::{AwsError, CallError, ErrorKind, Service};
use aws_sdk_securityhub::types as hub;
use vigil_core::asff::Finding;
use vigil_core::delivery::WorkflowUpdate;

/// Security Hub accepts at most 100 findings per `BatchImportFindings` call.
pub const IMPORT_BATCH: usize = 100;

/// Security Hub accepts at most 6 MB per `BatchImportFindings` call (and 240 KB per finding):
/// <https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html>.
/// Counted here as 6,000,000 bytes of the findings' ASFF JSON, the request's envelope included.
pub const IMPORT_BATCH_BYTES: usize = 6_000_000;

/// The request's JSON around its findings: `{"Findings":[` and `]}`.
const ENVELOPE_BYTES: usize = 16;

/// Splits findings, in order, into the fewest consecutive batches Security Hub accepts: at most
/// [`IMPORT_BATCH`] findings and [`IMPORT_BATCH_BYTES`] of JSON each. A finding too large for any
/// batch is sent alone (Security Hub refuses it by name, and the delivery fails with its reason).
pub fn batches(findings: &[Finding]) -> Vec<&[Finding]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = ENVELOPE_BYTES;
    for (i, finding) in findings.iter().enumerate() {
        // Its JSON and the comma before it.
        let size = serde_json::to_vec(finding).map_or(0, |v| v.len()) + 1;
        let count = i - start;
        if count > 0 && (count == IMPORT_BATCH || bytes + size > IMPORT_BATCH_BYTES) {
            out.push(&findings[start..i]);
            start = i;
            bytes = ENVELOPE_BYTES;
        }
        bytes += size;
    }
    if start < findings.len() {
        out.push(&findings[start..]);
    }
    out
}

/// Imports findings to Security Hub.
///
/// **Every finding is filed in the client's Region** (the stack's, where the owner looks):
/// Security Hub refuses (access denied) a `BatchImportFindings` whose `ProductArn` names another
/// Region than the endpoint's, so a finding about a resource in another monitored Region (the
/// sweep's other Regions, a call forwarded by `forwarder.yaml`) would never be imported, and its
/// resource's alerts, sent after the import, never sent. The core renders the `ProductArn` and
/// `Region` from the resource's Region; [`filed_in`] moves both to the client's Region, here and
/// for `BatchUpdateFindings`. The resource keeps its own Region in `Resources[].Region`, and the
/// finding's id (which names it) does not change.
#[derive(Clone, Debug)]
pub struct SecurityHubPublisher {
    client: aws_sdk_securityhub::Client,
    /// The client's Region; `None` leaves findings as rendered.
    region: Option<String>,
}

impl SecurityHubPublisher {
    /// A publisher over the client, filing findings in the client's Region.
    pub fn new(client: aws_sdk_securityhub::Client) -> Self {
        let region = client.config().region().map(|r| r.to_string());
        SecurityHubPublisher { client, region }
    }

    /// The Region findings are filed in (the client's), when it has one.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Imports the findings in [`batches`] of at most 100 findings and 6 MB; any finding
    /// Security Hub refuses is an error (the outbox keeps it for the retry).
    pub async fn import(&self, findings: &[Finding]) -> Result<(), AwsError> {
        let findings: Vec<Finding> = findings
            .iter()
            .map(|f| filed_in(f, self.region.as_deref()))
            .collect();
        for chunk in batches(&findings) {
            let batch = chunk.iter().map(to_sdk).collect::<Vec<_>>();
            let out = self
                .client
                .batch_import_findings()
                .set_findings(Some(batch))
                .send()
                .await
                .map_err(|e| AwsError::call(Service::SecurityHub, "BatchImportFindings", e))?;
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
                return Err(AwsError::Call(CallError {
                    kind: ErrorKind::Other,
                    service: Service::SecurityHub,
                    operation: "BatchImportFindings",
                    code: None,
                    message: format!(
                        "{} finding(s) refused: {}",
                        reasons.len(),
                        reasons.join("; ")
                    ),
                }));
            }
        }
        Ok(())
    }
}

impl SecurityHubPublisher {
    /// Sets each finding's workflow status and note (`BatchUpdateFindings`, one call per
    /// finding since each note differs), after its import. A finding Security Hub does not
    /// update is an error (the outbox keeps it for the retry, which imports and updates again).
    pub async fn update_workflow(&self, updates: &[WorkflowUpdate]) -> Result<(), AwsError> {
        for update in updates {
            let out = self
                .client
                .batch_update_findings()
                .finding_identifiers(
                    hub::AwsSecurityFindingIdentifier::builder()
                        .id(&update.finding_id)
                        .product_arn(product_arn_in(&update.product_arn, self.region.as_deref()))
                        .build(),
                )
                .workflow(
                    hub::WorkflowUpdate::builder()
                        .status(hub::WorkflowStatus::from(update.status))
                        .build(),
                )
                .note(
                    hub::NoteUpdate::builder()
                        .text(&update.note)
                        .updated_by("vigil")
                        .build(),
                )
                .send()
                .await
                .map_err(|e| AwsError::call(Service::SecurityHub, "BatchUpdateFindings", e))?;
            if let Some(refused) = out.unprocessed_findings().first() {
                return Err(AwsError::Call(CallError {
                    kind: ErrorKind::Other,
                    service: Service::SecurityHub,
                    operation: "BatchUpdateFindings",
                    code: refused.error_code().map(str::to_string),
                    message: format!(
                        "finding {} not updated: {}",
                        update.finding_id,
                        refused.error_message().unwrap_or("")
                    ),
                }));
            }
        }
        Ok(())
    }
}

/// `finding` as Security Hub in `region` accepts it: its `ProductArn` and `Region` in `region`
/// (see [`SecurityHubPublisher`]); unchanged when `region` is `None`.
pub fn filed_in(finding: &Finding, region: Option<&str>) -> Finding {
    let mut f = finding.clone();
    if let Some(region) = region {
        f.product_arn = product_arn_in(&f.product_arn, Some(region));
        f.region = region.to_string();
    }
    f
}

/// `arn:partition:securityhub:REGION:account:product/...` with `region` in place of its Region
/// (any other text, or `None`, unchanged).
fn product_arn_in(product_arn: &str, region: Option<&str>) -> String {
    let Some(region) = region else {
        return product_arn.to_string();
    };
    let parts: Vec<&str> = product_arn.splitn(5, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "securityhub", _, rest] => {
            format!("arn:{partition}:securityhub:{region}:{rest}")
        }
        _ => product_arn.to_string(),
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
    let standards = f
        .compliance
        .associated_standards
        .iter()
        .map(|s| {
            hub::AssociatedStandard::builder()
                .standards_id(&s.standards_id)
                .build()
        })
        .collect::<Vec<_>>();
    let compliance = hub::Compliance::builder()
        .status(hub::ComplianceStatus::from(f.compliance.status.as_str()))
        .set_related_requirements(Some(f.compliance.related_requirements.clone()))
        .set_security_control_id(f.compliance.security_control_id.clone())
        .set_associated_standards((!standards.is_empty()).then_some(standards))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_about_another_region_is_filed_in_the_publishers_region() {
        let mut f = sample();
        f.product_arn =
            "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default".into();
        f.region = "us-east-1".into();
        let filed = filed_in(&f, Some("eu-west-2"));
        assert_eq!(
            filed.product_arn,
            "arn:aws:securityhub:eu-west-2:123456789012:product/123456789012/default"
        );
        assert_eq!(filed.region, "eu-west-2");
        assert_eq!(filed.id, f.id, "the finding's identity does not move");
        assert_eq!(filed_in(&f, None), f);
        assert_eq!(
            product_arn_in("not-an-arn", Some("eu-west-2")),
            "not-an-arn"
        );
        assert_eq!(
            product_arn_in(
                "arn:aws-cn:securityhub:cn-north-1:1:product/1/default",
                Some("cn-northwest-1")
            ),
            "arn:aws-cn:securityhub:cn-northwest-1:1:product/1/default"
        );
    }
    use vigil_core::asff::{AssociatedStandard, Compliance};

    fn sample() -> Finding {
        serde_json::from_value(serde_json::json!({
            "SchemaVersion": "2018-10-08", "Id": "i", "ProductArn": "p", "GeneratorId": "g",
            "AwsAccountId": "123456789012", "Region": "eu-west-2", "Types": [],
            "CreatedAt": "2026-11-23T09:00:00.000Z", "UpdatedAt": "2026-11-23T09:00:00.000Z",
            "FirstObservedAt": "2026-11-23T09:00:00.000Z", "LastObservedAt": "2026-11-23T09:00:00.000Z",
            "Severity": {"Label": "LOW", "Original": "LOW"},
            "FindingProviderFields": {"Severity": {"Label": "LOW", "Original": "LOW"}, "Types": []},
            "Title": "t", "Description": "d",
            "Remediation": {"Recommendation": {"Text": "x"}},
            "ProductFields": {}, "Resources": [],
            "Compliance": {"Status": "FAILED", "RelatedRequirements": []},
            "RecordState": "ACTIVE"
        }))
        .unwrap()
    }

    fn json_bytes(batch: &[Finding]) -> usize {
        serde_json::to_vec(&serde_json::json!({ "Findings": batch }))
            .unwrap()
            .len()
    }

    #[test]
    fn batches_hold_at_most_100_findings_in_order() {
        let findings: Vec<Finding> = (0..250)
            .map(|i| Finding {
                id: format!("f{i}"),
                ..sample()
            })
            .collect();
        let got = batches(&findings);
        let sizes: Vec<usize> = got.iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [100, 100, 50]);
        let ids: Vec<&str> = got
            .iter()
            .flat_map(|b| b.iter())
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(ids.first(), Some(&"f0"));
        assert_eq!(ids.last(), Some(&"f249"));
        assert_eq!(ids.len(), 250);
        assert!(batches(&[]).is_empty());
        assert_eq!(batches(&findings[..100]).len(), 1);
    }

    #[test]
    fn batches_stay_under_6_mb() {
        // 40 findings of about 200 KB (each under the 240 KB a finding may have): 8 MB in all.
        let big = "x".repeat(200_000);
        let findings: Vec<Finding> = (0..40)
            .map(|i| Finding {
                id: format!("f{i}"),
                description: big.clone(),
                ..sample()
            })
            .collect();
        let got = batches(&findings);
        assert_eq!(
            got.len(),
            2,
            "{:?}",
            got.iter().map(|b| b.len()).collect::<Vec<_>>()
        );
        assert_eq!(got.iter().map(|b| b.len()).sum::<usize>(), 40);
        for batch in &got {
            let bytes = json_bytes(batch);
            assert!(bytes <= IMPORT_BATCH_BYTES, "{bytes}");
        }
        // As full as allowed: the first batch could not take the next finding.
        assert!(json_bytes(&findings[..got[0].len() + 1]) > IMPORT_BATCH_BYTES);
        // A finding larger than any batch goes alone.
        let huge = Finding {
            description: "x".repeat(IMPORT_BATCH_BYTES),
            ..sample()
        };
        let mixed = [sample(), huge, sample()];
        let sizes: Vec<usize> = batches(&mixed).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [1, 1, 1]);
    }

    #[test]
    fn the_control_id_and_its_standards_reach_the_sdk_finding() {
        let mut f = sample();
        f.compliance = Compliance {
            status: "FAILED".into(),
            related_requirements: vec!["UK Cyber Essentials v3.3: Firewalls".into()],
            security_control_id: Some("RDS.2".into()),
            associated_standards: vec![AssociatedStandard {
                standards_id: "standards/aws-foundational-security-best-practices/v/1.0.0".into(),
            }],
        };
        let sdk = to_sdk(&f);
        let c = sdk.compliance().unwrap();
        assert_eq!(c.security_control_id(), Some("RDS.2"));
        assert_eq!(
            c.associated_standards()[0].standards_id(),
            Some("standards/aws-foundational-security-best-practices/v/1.0.0")
        );
    }
}
