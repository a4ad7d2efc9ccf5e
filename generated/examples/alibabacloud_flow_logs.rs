//! Lists an Alibaba Cloud region's VPC flow logs as a table.
//!
//! ```sh
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=…
//! export ALIBABA_CLOUD_REGION_ID=cn-hangzhou        # optional
//! export FLOWSCRIBE_ENDPOINT=http://127.0.0.1:8080  # optional endpoint override
//! cargo run -p flowscribe-sdk --example alibabacloud_flow_logs
//! ```

use flowscribe_runtime::Config;
use flowscribe_sdk::alibabacloud_vpc_flow_logs::{Client, DescribeFlowLogsRequest, SERVICE};
use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region =
        std::env::var("ALIBABA_CLOUD_REGION_ID").unwrap_or_else(|_| "cn-hangzhou".to_owned());
    let mut config = Config::builder_from_env(&SERVICE)?.region(region.clone());
    if let Ok(endpoint) = std::env::var("FLOWSCRIBE_ENDPOINT") {
        config = config.endpoint(endpoint);
    }
    let client = Client::new(config.build())?;
    let request = DescribeFlowLogsRequest::builder()
        .region_id(region)
        .page_size(50)
        .build()?;

    println!(
        "{:<28} {:<20} {:<20} {:<8} {:<10} {:<8}",
        "flow log", "name", "resource", "traffic", "status", "delivery"
    );
    let mut flow_logs = client.describe_flow_logs_stream(request);
    let mut count = 0;
    while let Some(flow_log) = flow_logs.next().await {
        let flow_log = flow_log?;
        let show = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
        println!(
            "{:<28} {:<20} {:<20} {:<8} {:<10} {:<8}",
            show(flow_log.flow_log_id),
            show(flow_log.flow_log_name),
            show(flow_log.resource_id),
            show(flow_log.traffic_type.map(|t| t.to_string())),
            show(flow_log.status.map(|s| s.to_string())),
            show(flow_log.flow_log_deliver_status.map(|s| s.to_string())),
        );
        count += 1;
    }
    eprintln!("{count} flow logs");
    Ok(())
}
