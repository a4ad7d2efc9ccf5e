//! Prism (`@stoplight/prism-cli`, pinned with its dependencies in
//! `tests/prism/package-lock.json`): an independent mock server that serves a
//! spec's examples and validates every request against the spec.
//!
//! `FLOWSCRIBE_PRISM` may name a `prism` executable; otherwise `npm ci`
//! installs the pinned one into `target/prism`, again when the lock changes.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::workspace_root;

/// A Prism mock server of one spec on 127.0.0.1, stopped on drop.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    url: String,
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Serves `spec`. A request that breaks the spec gets a 4xx answer; an
    /// `sl-violations` header lists what Prism found wrong with the request,
    /// or with the example response it serves.
    pub fn start(spec: &Path) -> Prism {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(executable())
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("prism starts");
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut log = log.lock().expect("not poisoned");
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let exited = child.try_wait().expect("status").is_some();
            if exited || started.elapsed() > Duration::from_secs(90) {
                let log = log.lock().expect("not poisoned").clone();
                panic!("prism did not start on {}:\n{log}", spec.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// The base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What Prism printed so far.
    pub fn log(&self) -> String {
        self.log.lock().expect("not poisoned").clone()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `prism` executable, installed once per test process.
fn executable() -> PathBuf {
    static PRISM: OnceLock<PathBuf> = OnceLock::new();
    PRISM.get_or_init(install).clone()
}

fn install() -> PathBuf {
    if let Some(path) = std::env::var_os("FLOWSCRIBE_PRISM") {
        return PathBuf::from(path);
    }
    let root = workspace_root();
    let lock = std::fs::read_to_string(root.join("tests/prism/package-lock.json"))
        .expect("tests/prism/package-lock.json");
    let prefix = root.join("target/prism");
    let bin = prefix.join("node_modules/.bin/prism");
    let stamp = prefix.join("lock.installed");
    if bin.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&lock) {
        return bin;
    }
    std::fs::create_dir_all(&prefix).expect("target/prism");
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(root.join("tests/prism").join(file), prefix.join(file)).expect("copy");
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&prefix)
        .status()
        .expect("npm runs");
    assert!(status.success(), "npm ci in target/prism failed ({status})");
    std::fs::write(&stamp, lock).expect("write the stamp");
    bin
}
