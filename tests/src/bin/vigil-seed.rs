//! Seeds a running moto_server (or any endpoint) with `size` resources of every supported kind,
//! good and bad, and prints the ground truth as one JSON object per resource:
//! `{"type", "name", "rule", "defective", "moto_gap"}` (`moto_gap`: what moto leaves out that
//! the rule needs, so the rule is undetermined under moto; null elsewhere).
//!
//! usage: vigil-seed ENDPOINT SIZE [REGION]   (e.g. vigil-seed http://127.0.0.1:5000 300)

use aws_config::{BehaviorVersion, Region};
use vigil_e2e::seed::seed;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(endpoint), Some(size)) = (args.get(1), args.get(2).and_then(|s| s.parse().ok()))
    else {
        eprintln!("usage: vigil-seed ENDPOINT SIZE [REGION]");
        std::process::exit(2);
    };
    let region = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| vigil_e2e::REGION.to_string());
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "testing", "testing", None, None, "seed",
        ))
        .load()
        .await;
    for s in seed(&sdk, vigil_e2e::ACCOUNT, size).await {
        println!(
            "{}",
            serde_json::json!({"type": s.resource_type, "name": s.name, "rule": s.rule,
                               "defective": s.defective, "moto_gap": s.moto_gap})
        );
    }
}
