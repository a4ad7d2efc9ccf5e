//! Where requests go: the configured endpoint, the region's endpoints from the
//! spec's table, or the server template; and failing over between a region's
//! endpoints.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::Config;
use crate::error::Error;
use crate::request::ServiceInfo;

/// One base URL and the `Host` it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The base URL, without a trailing `/`.
    pub base_url: String,
    /// The host, with the port when the URL names one.
    pub host: String,
}

/// The endpoints of a client, the preferred first, and which one is in use.
/// A connection failure moves every clone of the client to the next one.
#[derive(Debug, Clone)]
pub(crate) struct Endpoints {
    list: Arc<[Endpoint]>,
    current: Arc<AtomicUsize>,
}

impl Endpoints {
    /// The endpoints `config` selects for `service`.
    pub fn resolve(service: &ServiceInfo, config: &Config) -> Result<Self, Error> {
        let urls = resolve_urls(service, config)?;
        let list = urls
            .into_iter()
            .map(|url| {
                let base_url = url.trim_end_matches('/').to_owned();
                let host = host_of(&base_url).ok_or_else(|| {
                    Error::Config(format!(
                        "endpoint `{base_url}` is not an absolute http(s) URL"
                    ))
                })?;
                Ok(Endpoint { base_url, host })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Endpoints {
            list: list.into(),
            current: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The endpoint in use.
    pub fn current(&self) -> &Endpoint {
        &self.list[self.current.load(Ordering::Relaxed) % self.list.len()]
    }

    /// Moves to the next endpoint after `failed` could not be reached, unless
    /// another call has moved already. Returns whether there is another one.
    pub fn fail_over(&self, failed: &Endpoint) -> bool {
        if self.list.len() < 2 {
            return false;
        }
        let index = self.current.load(Ordering::Relaxed);
        if &self.list[index % self.list.len()] == failed {
            let _ = self.current.compare_exchange(
                index,
                (index + 1) % self.list.len(),
                Ordering::Relaxed,
                Ordering::Relaxed,
            );
        }
        true
    }
}

/// The URLs, preferred first: the override, the region's entry in the
/// spec's region table, or the template filled with the region.
fn resolve_urls(service: &ServiceInfo, config: &Config) -> Result<Vec<String>, Error> {
    if let Some(endpoint) = &config.endpoint {
        return Ok(vec![endpoint.clone()]);
    }
    let default_region = service
        .variables
        .iter()
        .find(|(name, _)| *name == "region")
        .map(|(_, v)| *v);
    let region = config.region.as_deref().or(default_region);
    if let Some(region) = region {
        if let Some(known) = service.regions.iter().find(|r| r.name == region) {
            return Ok(known
                .endpoints
                .iter()
                .map(|url| (*url).to_owned())
                .collect());
        }
        if !service.regions.is_empty() && !service.other_regions_use_template {
            let names: Vec<&str> = service.regions.iter().map(|r| r.name).collect();
            return Err(Error::Config(format!(
                "region `{region}` is not one {} knows ({}); set an endpoint to use another",
                service.name,
                names.join(", ")
            )));
        }
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(Error::Config(format!(
                "region `{region}` is not a region name"
            )));
        }
    }
    let mut url = service.url_template.to_owned();
    for (name, default) in service.variables {
        let value = if *name == "region" {
            region.unwrap_or(default)
        } else {
            default
        };
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(vec![url])
}

fn host_of(base_url: &str) -> Option<String> {
    let (scheme, rest) = base_url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next().unwrap_or_default();
    (!host.is_empty()).then(|| host.to_owned())
}

/// The path as signed: the URL's path (with any base path), without the query.
pub(crate) fn signed_path(base_url: &str, path: &str) -> String {
    let base_path = base_url
        .split_once("://")
        .map(|(_, rest)| rest.find('/').map(|i| &rest[i..]).unwrap_or(""))
        .unwrap_or("");
    let full = format!("{base_path}{path}");
    if full.is_empty() {
        "/".to_owned()
    } else {
        full
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Region;

    static SERVICE: ServiceInfo = ServiceInfo {
        name: "test",
        url_template: "https://vpc.{region}.example.com",
        variables: &[("region", "cn-hangzhou")],
        regions: &[],
        other_regions_use_template: false,
        credentials_env: None,
        errors: crate::ErrorFields::GENERIC,
    };

    static OPEN: ServiceInfo = ServiceInfo {
        name: "open",
        url_template: "https://vpc.{region}.example.com",
        variables: &[("region", "r-1")],
        regions: &[Region {
            name: "r-1",
            endpoints: &["https://vpc.example.com"],
        }],
        other_regions_use_template: true,
        credentials_env: None,
        errors: crate::ErrorFields::GENERIC,
    };

    static LISTED: ServiceInfo = ServiceInfo {
        name: "listed",
        url_template: "https://cfw.{region}.example.com",
        variables: &[("region", "r-1")],
        regions: &[
            Region {
                name: "r-1",
                endpoints: &["https://cfw.r-1.example.com"],
            },
            Region {
                name: "r-2",
                endpoints: &["https://a.example.com/", "https://b.example.cn"],
            },
        ],
        other_regions_use_template: false,
        credentials_env: None,
        errors: crate::ErrorFields::GENERIC,
    };

    fn urls(service: &ServiceInfo, config: Config) -> Vec<String> {
        let endpoints = Endpoints::resolve(service, &config).expect("resolves");
        endpoints.list.iter().map(|e| e.base_url.clone()).collect()
    }

    #[test]
    fn without_a_region_table_any_region_fills_the_template() {
        assert_eq!(
            urls(&SERVICE, Config::default()),
            ["https://vpc.cn-hangzhou.example.com"]
        );
        assert_eq!(
            urls(&SERVICE, Config::builder().region("eu-central-1").build()),
            ["https://vpc.eu-central-1.example.com"]
        );
        assert_eq!(
            urls(
                &SERVICE,
                Config::builder().endpoint("http://127.0.0.1:9/").build()
            ),
            ["http://127.0.0.1:9"]
        );
        let bad = Endpoints::resolve(&SERVICE, &Config::builder().region("x/../y").build());
        assert!(bad.is_err());
    }

    #[test]
    fn a_region_table_gives_every_endpoint_and_refuses_other_regions() {
        assert_eq!(
            urls(&LISTED, Config::default()),
            ["https://cfw.r-1.example.com"]
        );
        assert_eq!(
            urls(&LISTED, Config::builder().region("r-2").build()),
            ["https://a.example.com", "https://b.example.cn"]
        );
        let error = Endpoints::resolve(&LISTED, &Config::builder().region("r-3").build())
            .expect_err("unknown region");
        assert_eq!(
            error.to_string(),
            "configuration: region `r-3` is not one listed knows (r-1, r-2); set an endpoint to use another"
        );
        let overridden = Config::builder()
            .region("r-3")
            .endpoint("https://proxy.example.com")
            .build();
        assert_eq!(urls(&LISTED, overridden), ["https://proxy.example.com"]);
        assert_eq!(urls(&OPEN, Config::default()), ["https://vpc.example.com"]);
        assert_eq!(
            urls(&OPEN, Config::builder().region("r-9").build()),
            ["https://vpc.r-9.example.com"]
        );
    }

    #[test]
    fn failing_over_moves_every_clone_once_per_failure() {
        let endpoints = Endpoints::resolve(&LISTED, &Config::builder().region("r-2").build())
            .expect("resolves");
        let clone = endpoints.clone();
        let first = endpoints.current().clone();
        assert!(endpoints.fail_over(&first));
        // A second call that saw the same failure does not move past the next one.
        assert!(clone.fail_over(&first));
        assert_eq!(clone.current().host, "b.example.cn");
        let second = clone.current().clone();
        assert!(endpoints.fail_over(&second));
        assert_eq!(endpoints.current().host, "a.example.com");
        let single = Endpoints::resolve(&SERVICE, &Config::default()).expect("resolves");
        assert!(!single.fail_over(&single.current().clone()));
    }

    #[test]
    fn signed_path_includes_a_base_path() {
        assert_eq!(signed_path("http://h", "/v1/a"), "/v1/a");
        assert_eq!(signed_path("http://h/base", "/v1/a"), "/base/v1/a");
        assert_eq!(signed_path("http://h", ""), "/");
    }
}
