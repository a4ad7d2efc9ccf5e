//! How fast the generated decoder reads a page of flow logs, against a
//! `#[derive(Deserialize)]` struct with the same fields: the decoders the
//! runtime's `object!` writes must stay at least as fast as the derive.
//!
//! `cargo bench -p flowscribe-tests --bench decode` (also run by
//! `cargo xtask bench`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use flowscribe_sdk::huaweicloud_cfw_logs::{Direction, ListFlowLogsResponse};
use serde::Deserialize;

/// The records of the page.
const RECORDS: usize = 1024;

/// Declares a derived record with the same fields (and field types) as the
/// generated `FlowLogRecord`, plus `$extra`.
macro_rules! derived_record {
    ($(#[$doc:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$doc])*
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            bytes: Option<f64>,
            direction: Option<Direction>,
            packets: Option<i32>,
            start_time: Option<i64>,
            end_time: Option<i64>,
            log_id: Option<String>,
            src_ip: Option<String>,
            src_port: Option<i32>,
            dst_ip: Option<String>,
            app: Option<String>,
            dst_port: Option<i32>,
            protocol: Option<String>,
            dst_host: Option<String>,
            dst_region_id: Option<String>,
            dst_region_name: Option<String>,
            src_region_id: Option<String>,
            src_region_name: Option<String>,
            src_province_id: Option<String>,
            src_province_name: Option<String>,
            src_city_id: Option<String>,
            src_city_name: Option<String>,
            dst_province_id: Option<String>,
            dst_province_name: Option<String>,
            dst_city_id: Option<String>,
            dst_city_name: Option<String>,
            $($extra)*
        }
    };
}

derived_record!(
    /// With the map of unlisted properties the generated struct has
    /// (`#[serde(flatten)]`, which buffers each record before reading it).
    DerivedRecord {
        #[serde(flatten)]
        additional_properties: BTreeMap<String, serde_json::Value>,
    }
);

derived_record!(
    /// Without the map: unknown properties are dropped, which the generated
    /// struct does not do. The fastest a derive can be.
    DerivedRecordDropping {}
);

#[derive(Deserialize)]
#[allow(dead_code)]
struct DerivedData<R> {
    total: Option<i32>,
    limit: Option<i32>,
    records: Option<Vec<R>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct DerivedResponse<R> {
    data: Option<DerivedData<R>>,
}

/// A page as the service sends it: every field of every record set.
fn page() -> String {
    let records: Vec<serde_json::Value> = (0..RECORDS)
        .map(|i| {
            serde_json::json!({
                "bytes": 1024.0 + i as f64, "direction": "out2in", "packets": 12,
                "start_time": 1718936272648_i64 + i as i64, "end_time": 1718936282648_i64,
                "log_id": format!("log-{i:08}"), "src_ip": "192.168.0.10", "src_port": 50000,
                "dst_ip": "10.0.0.5", "app": "HTTPS", "dst_port": 443, "protocol": "TCP",
                "dst_host": "example.com", "dst_region_id": "cn-north-4",
                "dst_region_name": "CN North-Beijing4", "src_region_id": "cn-south-1",
                "src_region_name": "CN South-Guangzhou", "src_province_id": "44",
                "src_province_name": "Guangdong", "src_city_id": "4401",
                "src_city_name": "Guangzhou", "dst_province_id": "11",
                "dst_province_name": "Beijing", "dst_city_id": "1101", "dst_city_name": "Beijing"
            })
        })
        .collect();
    serde_json::json!({"data": {"total": RECORDS, "limit": RECORDS, "records": records}})
        .to_string()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time `decode` takes on `text`, over `rounds` runs.
fn time<T>(
    text: &str,
    rounds: usize,
    decode: impl Fn(&str) -> Result<T, String>,
) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let value = decode(text)?;
        times.push(start.elapsed());
        std::hint::black_box(value);
    }
    Ok(median(times))
}

/// Times the three decoders on the same page and prints the medians.
fn run(rounds: usize) -> Result<(), String> {
    let text = page();
    let generated = time(&text, rounds, |text| {
        let page: ListFlowLogsResponse =
            serde_json::from_str(text).map_err(|e| format!("the generated decoder: {e}"))?;
        let records = page
            .data
            .as_ref()
            .and_then(|d| d.records.as_ref())
            .map_or(0, Vec::len);
        if records != RECORDS {
            return Err(format!("the generated decoder read {records} records"));
        }
        Ok(page)
    })?;
    let derived = time(&text, rounds, |text| {
        serde_json::from_str::<DerivedResponse<DerivedRecord>>(text)
            .map_err(|e| format!("the derived decoder: {e}"))
    })?;
    let dropping = time(&text, rounds, |text| {
        serde_json::from_str::<DerivedResponse<DerivedRecordDropping>>(text)
            .map_err(|e| format!("the derived decoder: {e}"))
    })?;
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "decoding a {RECORDS}-record flow-log page ({} KiB), median of {rounds}:\n  generated (keeps unlisted properties)        {:>7.0} µs\n  derive, same fields (#[serde(flatten)] map)  {:>7.0} µs ({:.2}x the generated)\n  derive, unlisted properties dropped          {:>7.0} µs ({:.2}x the generated)",
        text.len() / 1024,
        us(generated),
        us(derived),
        derived.as_secs_f64() / generated.as_secs_f64(),
        us(dropping),
        dropping.as_secs_f64() / generated.as_secs_f64(),
    );
    if generated > derived {
        println!(
            "note: on this run the generated decoder was slower than the derive with the same fields"
        );
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run(60) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
