//! One call of a generated client from a parameter set of wire names
//! ([`crate::cases::Params`]), shared by the tests that send generated
//! requests: to the vendors' SDKs as oracles, and to a mock server.

use flowscribe_runtime::Error;
use flowscribe_sdk::alibabacloud_vpc_flow_logs as vpc;
use flowscribe_sdk::huaweicloud_cfw_logs as cfw;

use crate::cases::Params;

/// Typed access to a generated parameter set.
#[derive(Debug)]
struct Get<'a>(&'a Params);

impl Get<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.as_str().expect("a string").to_owned())
    }
    fn int(&self, name: &str) -> Option<i32> {
        self.0
            .get(name)
            .map(|v| i32::try_from(v.as_i64().expect("an integer")).expect("fits i32"))
    }
    fn long(&self, name: &str) -> Option<i64> {
        self.0.get(name).map(|v| v.as_i64().expect("an integer"))
    }
    fn texts(&self, name: &str) -> Option<Vec<String>> {
        self.0.get(name).map(|v| {
            v.as_array()
                .expect("a list")
                .iter()
                .map(|item| item.as_str().expect("a string").to_owned())
                .collect()
        })
    }
}

/// Calls each setter whose wire name the parameter set holds:
/// `setter = getter("wire")`, or `setter = str("wire")` for setters that
/// take `impl Into<T>` from `&str` (strings and string enums).
macro_rules! set {
    ($builder:ident, $get:ident; $($setter:ident = $kind:ident($wire:literal)),* $(,)?) => {
        $( set!(@one $builder, $get, $setter, $kind, $wire); )*
    };
    (@one $builder:ident, $get:ident, $setter:ident, str, $wire:literal) => {
        if let Some(value) = $get.text($wire) {
            $builder = $builder.$setter(value.as_str());
        }
    };
    (@one $builder:ident, $get:ident, $setter:ident, $kind:ident, $wire:literal) => {
        if let Some(value) = $get.$kind($wire) {
            $builder = $builder.$setter(value);
        }
    };
}

/// Calls the Huawei `operation` with `params` (`project` in the path).
/// Every parameter the spec lists must be set here: one left out shows as a
/// difference from the vendor's SDK.
pub async fn call_huawei(
    client: &cfw::Client,
    operation: &str,
    params: &Params,
    project: &str,
) -> Result<(), Error> {
    let get = Get(params);
    match operation {
        "ShowFlowTrend" => {
            let mut b = cfw::ShowFlowTrendRequest::builder().project_id(project);
            set!(b, get; fw_instance_id = str("fw_instance_id"), range = int("range"), log_type = str("log_type"), direction = str("direction"),
                start_time = long("start_time"), end_time = long("end_time"), vgw_id = texts("vgw_id"),
                asset_type = str("asset_type"), ip = texts("ip"), vpc = texts("vpc"));
            client.show_flow_trend(&b.build()?).await.map(drop)
        }
        "ListFlowStatistic" => {
            let mut b = cfw::ListFlowStatisticRequest::builder().project_id(project);
            set!(b, get; fw_instance_id = str("fw_instance_id"), range = int("range"), log_type = str("log_type"), direction = str("direction"),
                start_time = long("start_time"), end_time = long("end_time"), vgw_id = texts("vgw_id"),
                asset_type = str("asset_type"), item = str("item"), size = int("size"));
            client.list_flow_statistic(&b.build()?).await.map(drop)
        }
        "ListFlowLogs" => {
            let mut b = cfw::ListFlowLogsRequest::builder().project_id(project);
            set!(b, get; fw_instance_id = str("fw_instance_id"), direction = str("direction"), log_type = str("log_type"),
                start_time = long("start_time"), end_time = long("end_time"), src_ip = str("src_ip"),
                src_port = int("src_port"), dst_ip = str("dst_ip"), dst_port = int("dst_port"),
                protocol = str("protocol"), app = str("app"), log_id = str("log_id"),
                next_date = long("next_date"), offset = int("offset"), limit = int("limit"),
                enterprise_project_id = str("enterprise_project_id"), dst_host = str("dst_host"),
                src_region_name = str("src_region_name"), dst_region_name = str("dst_region_name"),
                src_province_name = str("src_province_name"), dst_province_name = str("dst_province_name"),
                src_city_name = str("src_city_name"), dst_city_name = str("dst_city_name"));
            client.list_flow_logs(&b.build()?).await.map(drop)
        }
        "ListAccessControlLogs" => {
            let mut b = cfw::ListAccessControlLogsRequest::builder().project_id(project);
            set!(b, get; fw_instance_id = str("fw_instance_id"), rule_id = str("rule_id"), start_time = long("start_time"),
                end_time = long("end_time"), src_ip = str("src_ip"), src_port = int("src_port"),
                dst_ip = str("dst_ip"), dst_port = int("dst_port"), protocol = str("protocol"),
                app = str("app"), log_id = str("log_id"), next_date = long("next_date"),
                offset = int("offset"), limit = int("limit"), log_type = str("log_type"),
                enterprise_project_id = str("enterprise_project_id"), dst_host = str("dst_host"),
                rule_name = str("rule_name"), action = str("action"),
                src_region_name = str("src_region_name"), dst_region_name = str("dst_region_name"),
                src_province_name = str("src_province_name"), dst_province_name = str("dst_province_name"),
                src_city_name = str("src_city_name"), dst_city_name = str("dst_city_name"));
            client.list_access_control_logs(&b.build()?).await.map(drop)
        }
        other => panic!("no Huawei operation {other}"),
    }
}

/// Calls Alibaba's `DescribeFlowLogs` with `params`.
pub async fn call_alibaba(client: &vpc::Client, params: &Params) -> Result<(), Error> {
    let get = Get(params);
    let mut b = vpc::DescribeFlowLogsRequest::builder();
    set!(b, get; region_id = str("RegionId"), flow_log_name = str("FlowLogName"), flow_log_id = str("FlowLogId"),
        description = str("Description"), resource_type = str("ResourceType"),
        resource_id = str("ResourceId"), traffic_type = str("TrafficType"),
        project_name = str("ProjectName"), log_store_name = str("LogStoreName"),
        status = str("Status"), page_number = int("PageNumber"), page_size = int("PageSize"),
        vpc_id = str("VpcId"), resource_group_id = str("ResourceGroupId"),
        owner_account = str("OwnerAccount"), owner_id = long("OwnerId"),
        resource_owner_account = str("ResourceOwnerAccount"),
        resource_owner_id = long("ResourceOwnerId"));
    if let Some(tags) = params.get("Tags") {
        let tags: Vec<vpc::DescribeFlowLogsTag> =
            serde_json::from_value(tags.clone()).expect("tags decode");
        b = b.tags(tags);
    }
    client.describe_flow_logs(&b.build()?).await.map(drop)
}
