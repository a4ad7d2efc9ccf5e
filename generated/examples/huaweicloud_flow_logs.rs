//! Lists the last hour's Huawei Cloud CFW flow logs as a table.
//!
//! ```sh
//! export HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… HUAWEICLOUD_SDK_PROJECT_ID=…
//! export CFW_FW_INSTANCE_ID=…                  # the firewall to query
//! export HUAWEICLOUD_REGION=cn-north-4         # optional
//! export FLOWSCRIBE_ENDPOINT=http://127.0.0.1:8080   # optional endpoint override
//! cargo run -p flowscribe-sdk --example huaweicloud_flow_logs
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use flowscribe_runtime::Config;
use flowscribe_sdk::huaweicloud_cfw_logs::{Client, ListFlowLogsRequest, SERVICE};
use futures::StreamExt;

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project_id = env("HUAWEICLOUD_SDK_PROJECT_ID")?;
    let mut config = Config::builder_from_env(&SERVICE)?;
    if let Ok(region) = std::env::var("HUAWEICLOUD_REGION") {
        config = config.region(region);
    }
    if let Ok(endpoint) = std::env::var("FLOWSCRIBE_ENDPOINT") {
        config = config.endpoint(endpoint);
    }
    let client = Client::new(config.build())?;

    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    let request = ListFlowLogsRequest::builder()
        .project_id(project_id)
        .fw_instance_id(env("CFW_FW_INSTANCE_ID")?)
        .start_time(now - 3_600_000)
        .end_time(now)
        .limit(100)
        .build()?;

    println!(
        "{:<15} {:<22} {:<22} {:<8} {:<8} {:>10}",
        "start", "source", "destination", "proto", "app", "bytes"
    );
    let mut records = client.list_flow_logs_stream(request);
    let mut count = 0;
    while let Some(record) = records.next().await {
        let record = record?;
        let endpoint = |ip: Option<String>, port: Option<i32>| {
            format!(
                "{}:{}",
                ip.unwrap_or_default(),
                port.map(|p| p.to_string()).unwrap_or_default()
            )
        };
        println!(
            "{:<15} {:<22} {:<22} {:<8} {:<8} {:>10}",
            record.start_time.map(|t| t.to_string()).unwrap_or_default(),
            endpoint(record.src_ip, record.src_port),
            endpoint(record.dst_ip, record.dst_port),
            record.protocol.unwrap_or_default(),
            record.app.unwrap_or_default(),
            record.bytes.map(|b| b.to_string()).unwrap_or_default(),
        );
        count += 1;
    }
    eprintln!("{count} flow log records");
    Ok(())
}
