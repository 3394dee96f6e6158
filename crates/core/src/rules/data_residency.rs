//! Vigil's own rule (beyond FSBP): classified or personal data stays in the allowed regions.
//!
//! Source: Vigil's data-residency practice, for UK GDPR Chapter V (transfers of personal data to
//! third countries, Art. 44). With [`Settings::allowed_regions`](crate::settings::Settings) set, a
//! database, table or snapshot whose tags classify its data as `Confidential` or `Restricted`, or
//! mark personal data (see [`crate::data`]), FAILS when it lives in another region. It is not
//! applicable when no regions are configured or the resource holds no such data, and
//! undetermined when its tags are unknown.
//!
//! The region is the observation's, not the configuration's: [`Rule::evaluate`] alone cannot
//! know it and answers undetermined; [`crate::evaluate::assess`] evaluates the rule with the
//! resource's region through [`verdict`].

use crate::data::Classification;
use crate::resource::Resource;
use crate::rules::{Context, Rule, RuleMeta, Severity};
use crate::settings::Settings;
use crate::verdict::{Evidence, Verdict};

/// The residency rule for one resource type.
pub struct DataResidency(pub &'static RuleMeta);

/// Rule ids of this rule start with this.
pub const ID_PREFIX: &str = "data-residency-";

macro_rules! residency_meta {
    ($name:ident, $id:literal, $type:literal, $what:literal, $fix:expr) => {
        /// Residency metadata for one resource type.
        pub static $name: RuleMeta = RuleMeta {
            id: $id,
            title: concat!("Classified or personal data in ", $what, " should stay in the allowed regions"),
            severity: Severity::High,
            resource_type: $type,
            controls: &[],
            gdpr: &["Art. 44", "Art. 5(1)(f)"],
            cyber_essentials: None,
            passes_when: "the resource is in one of allowed_regions, or holds no Confidential, Restricted or personal data per its tags; not applicable when allowed_regions is empty",
            rationale: "UK GDPR restricts moving personal data outside the UK unless the destination is covered by adequacy regulations or safeguards. A copy of a customer database in an unexpected region is a transfer nobody approved, and classified business data has the same problem with contracts and insurers.",
            remediation: "Move the data back: copy the snapshot or restore the database into an allowed region (CLI: aws rds copy-db-snapshot --source-region <region> --region <allowed region> ...), then delete the copy outside it. If the region is in fact approved, add it to the AllowedRegions parameter (VIGIL_ALLOWED_REGIONS).",
            fix: Some($fix),
            source: "Vigil practice: data residency for classified and personal data (UK GDPR Chapter V)",
        };
    };
}

residency_meta!(
    INSTANCE,
    "data-residency-rds-instance",
    "AWS::RDS::DBInstance",
    "RDS databases",
    crate::fix::Fix {
        console: "RDS console > Databases > {name} > Actions > Take snapshot; then Snapshots > the snapshot > Actions > Copy snapshot > Destination Region: an allowed region; restore it there, move the application, then delete {name}",
        command: r#"aws rds create-db-snapshot --region {region} --db-instance-identifier {name} --db-snapshot-identifier {name}-move
aws rds wait db-snapshot-available --region {region} --db-snapshot-identifier {name}-move
aws rds copy-db-snapshot --region "$ALLOWED_REGION" --source-region {region} --source-db-snapshot-identifier arn:{partition}:rds:{region}:{account}:snapshot:{name}-move --target-db-snapshot-identifier {name}-move --kms-key-id "$KMS_KEY_ARN_IN_ALLOWED_REGION"
aws rds restore-db-instance-from-db-snapshot --region "$ALLOWED_REGION" --db-instance-identifier {name} --db-snapshot-identifier {name}-move"#,
        caution: Some("Writes after the snapshot are not in the copy: plan a cut-over. Delete the instance and the snapshot outside the allowed regions only after the copy is in use (deleting them loses that data). If the region is in fact approved, add it to AllowedRegions (VIGIL_ALLOWED_REGIONS) instead."),
        inputs: &[],
    }
);
residency_meta!(
    CLUSTER,
    "data-residency-rds-cluster",
    "AWS::RDS::DBCluster",
    "RDS clusters",
    crate::fix::Fix {
        console: "RDS console > Databases > {name} > Actions > Take snapshot; then Snapshots > the snapshot > Actions > Copy snapshot > Destination Region: an allowed region; restore it there, move the application, then delete {name}",
        command: r#"aws rds create-db-cluster-snapshot --region {region} --db-cluster-identifier {name} --db-cluster-snapshot-identifier {name}-move
aws rds wait db-cluster-snapshot-available --region {region} --db-cluster-snapshot-identifier {name}-move
aws rds copy-db-cluster-snapshot --region "$ALLOWED_REGION" --source-region {region} --source-db-cluster-snapshot-identifier arn:{partition}:rds:{region}:{account}:cluster-snapshot:{name}-move --target-db-cluster-snapshot-identifier {name}-move --kms-key-id "$KMS_KEY_ARN_IN_ALLOWED_REGION"
aws rds restore-db-cluster-from-snapshot --region "$ALLOWED_REGION" --db-cluster-identifier {name} --snapshot-identifier {name}-move --engine {engine}"#,
        caution: Some("The restored cluster needs its instances added (aws rds create-db-instance --db-cluster-identifier) and a cut-over; writes after the snapshot are not in it. Delete the cluster and the snapshot outside the allowed regions only afterwards (deleting them loses that data). If the region is in fact approved, add it to AllowedRegions (VIGIL_ALLOWED_REGIONS) instead."),
        inputs: &[crate::fix::Input::Engine],
    }
);
residency_meta!(
    SNAPSHOT,
    "data-residency-rds-snapshot",
    "AWS::RDS::DBSnapshot",
    "RDS snapshots",
    crate::fix::Fix {
        console: "RDS console > Snapshots > {name} > Actions > Copy snapshot > Destination Region: an allowed region; then delete {name}",
        command: r#"aws rds copy-db-snapshot --region "$ALLOWED_REGION" --source-region {region} --source-db-snapshot-identifier {arn} --target-db-snapshot-identifier {name} --kms-key-id "$KMS_KEY_ARN_IN_ALLOWED_REGION"
aws rds wait db-snapshot-available --region "$ALLOWED_REGION" --db-snapshot-identifier {name}
aws rds delete-db-snapshot --region {region} --db-snapshot-identifier {name}"#,
        caution: Some("The last step deletes the snapshot outside the allowed regions: run it only once the copy is available. If the region is in fact approved, add it to AllowedRegions (VIGIL_ALLOWED_REGIONS) instead."),
        inputs: &[],
    }
);
residency_meta!(
    CLUSTER_SNAPSHOT,
    "data-residency-rds-cluster-snapshot",
    "AWS::RDS::DBClusterSnapshot",
    "RDS cluster snapshots",
    crate::fix::Fix {
        console: "RDS console > Snapshots > Cluster snapshots > {name} > Actions > Copy snapshot > Destination Region: an allowed region; then delete {name}",
        command: r#"aws rds copy-db-cluster-snapshot --region "$ALLOWED_REGION" --source-region {region} --source-db-cluster-snapshot-identifier {arn} --target-db-cluster-snapshot-identifier {name} --kms-key-id "$KMS_KEY_ARN_IN_ALLOWED_REGION"
aws rds wait db-cluster-snapshot-available --region "$ALLOWED_REGION" --db-cluster-snapshot-identifier {name}
aws rds delete-db-cluster-snapshot --region {region} --db-cluster-snapshot-identifier {name}"#,
        caution: Some("The last step deletes the snapshot outside the allowed regions: run it only once the copy is available. If the region is in fact approved, add it to AllowedRegions (VIGIL_ALLOWED_REGIONS) instead."),
        inputs: &[],
    }
);
residency_meta!(
    TABLE,
    "data-residency-dynamodb-table",
    "AWS::DynamoDB::Table",
    "DynamoDB tables",
    crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Global tables > Create replica in an allowed region; once it is active, delete the replica in {region}",
        command: r#"aws dynamodb update-table --region {region} --table-name {name} --replica-updates "Create={RegionName=$ALLOWED_REGION}"
aws dynamodb describe-table --region "$ALLOWED_REGION" --table-name {name} --query Table.TableStatus
aws dynamodb update-table --region "$ALLOWED_REGION" --table-name {name} --replica-updates "Delete={RegionName={region}}""#,
        caution: Some("Replicated writes and the replica's storage are charged, and the table needs DynamoDB Streams with new and old images. The last step deletes the data in the region outside the allowed list: run it only once the replica is ACTIVE and the application uses it. If the region is in fact approved, add it to AllowedRegions (VIGIL_ALLOWED_REGIONS) instead."),
        inputs: &[],
    }
);

impl Rule for DataResidency {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn evaluate(&self, _resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        Verdict::undetermined(["region"])
    }
}

/// The residency verdict for a resource in `region`.
pub fn verdict(resource: &Resource, region: &str, settings: &Settings) -> Verdict {
    if settings.allowed_regions.is_empty() {
        return Verdict::not_applicable("no allowed regions are configured");
    }
    let Some(class) = Classification::of(resource.tags(), settings).get().cloned() else {
        return Verdict::undetermined(["tags"]);
    };
    if !class.is_sensitive() {
        return Verdict::not_applicable(format!(
            "its tags mark no Confidential, Restricted or personal data ({} / {})",
            settings.classification_tag, settings.personal_data_tag
        ));
    }
    let label = class.label.unwrap_or_default();
    if settings.allowed_regions.iter().any(|r| r == region) {
        Verdict::passed(format!(
            "the data ({label}) is kept in {region}, an allowed region"
        ))
    } else {
        Verdict::failed(
            format!(
                "the data ({label}) is kept in {region}, outside the allowed regions ({})",
                settings.allowed_regions.join(", ")
            ),
            vec![Evidence::new("awsRegion", region)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::db;
    use serde_json::json;

    fn tagged(value: &str) -> Resource {
        let mut r = db(json!({"engine": "postgres"}));
        *r.tags_mut() = crate::fact::Fact::Known(
            [("DataClassification".to_string(), value.to_string())].into(),
        );
        r
    }

    fn settings() -> Settings {
        Settings {
            allowed_regions: vec!["eu-west-2".into()],
            ..Settings::default()
        }
    }

    #[test]
    fn personal_data_outside_the_allowed_regions_fails() {
        let v = verdict(&tagged("personal"), "us-east-1", &settings());
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].observed == "us-east-1")
        );
        assert!(matches!(
            verdict(&tagged("Restricted"), "eu-west-2", &settings()),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unclassified_data_or_no_regions_is_not_applicable() {
        assert!(matches!(
            verdict(&tagged("Public"), "us-east-1", &settings()),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            verdict(&tagged("personal"), "us-east-1", &Settings::default()),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_tags_are_undetermined() {
        let r = db(json!({"engine": "postgres"}));
        assert_eq!(
            verdict(&r, "us-east-1", &settings()),
            Verdict::undetermined(["tags"])
        );
    }
}
