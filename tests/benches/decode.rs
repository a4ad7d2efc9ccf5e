//! How fast the generated decoder reads a page of flow logs, against a
//! `#[derive(Deserialize)]` struct with the same fields: the decoders the
//! runtime's `object!` writes must stay at least as fast as the derive.
//!
//! `cargo bench -p flowscribe-tests --bench decode` (also run by
//! `cargo xtask bench`). `DECODE_ROUNDS=N` sets the rounds (100 by default),
//! and `DECODE_ONLY=I` runs the decoder `I` alone, for a profiler.

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

fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

/// A decoder under test: it reads the page, checks what it read and returns
/// it, to be dropped once the time is taken.
type Decode<'a> = Box<dyn Fn(&str) -> Result<Box<dyn std::any::Any>, String> + 'a>;

/// Times the three decoders on the same page and prints their medians and
/// how the derives compare with the generated decoder.
///
/// The decoders take turns within each round (in an order that rotates, so
/// that none always runs first), and each comparison is the median of the
/// rounds' own ratios: this machine's speed drifts by a factor of two within
/// a minute, which timing one decoder's rounds after another's turned into
/// differences between the decoders.
fn run(rounds: usize) -> Result<(), String> {
    let text = page();
    let generated: Decode = Box::new(|text| {
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
        Ok(Box::new(page))
    });
    let derived: Decode = Box::new(|text| {
        let page = serde_json::from_str::<DerivedResponse<DerivedRecord>>(text)
            .map_err(|e| format!("the derived decoder: {e}"))?;
        Ok(Box::new(page))
    });
    let dropping: Decode = Box::new(|text| {
        let page = serde_json::from_str::<DerivedResponse<DerivedRecordDropping>>(text)
            .map_err(|e| format!("the derived decoder: {e}"))?;
        Ok(Box::new(page))
    });
    let decoders = [generated, derived, dropping];
    // One decoder alone, for a profiler: `DECODE_ONLY=0` is the generated.
    if let Some(only) = std::env::var("DECODE_ONLY")
        .ok()
        .and_then(|o| o.parse::<usize>().ok())
    {
        let decode = decoders
            .get(only)
            .ok_or_else(|| format!("DECODE_ONLY={only}: the decoders are 0, 1 and 2"))?;
        for _ in 0..rounds {
            drop(std::hint::black_box(decode(&text)?));
        }
        return Ok(());
    }
    let mut times: [Vec<Duration>; 3] = Default::default();
    for round in 0..rounds {
        for turn in 0..decoders.len() {
            let i = (round + turn) % decoders.len();
            let start = Instant::now();
            let page = decoders[i](&text)?;
            times[i].push(start.elapsed());
            drop(std::hint::black_box(page));
        }
    }
    // How much slower the derive `i` was than the generated decoder, round
    // by round.
    let ratio = |i: usize| {
        median(
            times[i]
                .iter()
                .zip(&times[0])
                .map(|(derive, generated)| derive.as_secs_f64() / generated.as_secs_f64())
                .collect(),
        )
    };
    let (derived_ratio, dropping_ratio) = (ratio(1), ratio(2));
    let us = |i: usize| median(times[i].clone()).as_secs_f64() * 1e6;
    println!(
        "decoding a {RECORDS}-record flow-log page ({} KiB), {rounds} rounds, the decoders in turn; median time, and the median of the rounds' ratios:\n  generated (keeps unlisted properties)        {:>7.0} µs\n  derive, same fields (#[serde(flatten)] map)  {:>7.0} µs ({derived_ratio:.3}x the generated)\n  derive, unlisted properties dropped          {:>7.0} µs ({dropping_ratio:.3}x the generated)",
        text.len() / 1024,
        us(0),
        us(1),
        us(2),
    );
    if derived_ratio < 1.0 {
        println!(
            "note: on this run the generated decoder was slower than the derive with the same fields"
        );
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let rounds = std::env::var("DECODE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    match run(rounds) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
