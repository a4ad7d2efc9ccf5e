//! The vendors' official Python SDKs as an oracle: `tests/oracle/oracle.py`
//! run in a virtual environment that holds the pinned SDKs of
//! `tests/oracle/requirements.txt`, spoken to in JSON lines.
//!
//! `FLOWSCRIBE_SDK_ORACLE` may name the Python interpreter of a prepared
//! environment; otherwise one is made under `target/sdk-oracle` (python3's
//! `venv`, then pip from PyPI) and made again when the requirements change.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

use crate::workspace_root;

/// A running oracle.
#[derive(Debug)]
pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    /// Starts the oracle, preparing its environment first if need be.
    pub fn start() -> Oracle {
        let python = python();
        let script = workspace_root().join("tests/oracle/oracle.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} {}: {e}",
                    python.display(),
                    script.display()
                )
            });
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    /// Sends one line and reads the answer; an answer with an `error` fails
    /// the test with the question.
    pub fn ask(&mut self, question: &Value) -> Value {
        let answer = self.try_ask(question);
        if let Some(error) = answer.get("error").and_then(Value::as_str) {
            panic!("the oracle refused {question}: {error}");
        }
        answer
    }

    /// Sends one line and reads the answer as it is.
    pub fn try_ask(&mut self, question: &Value) -> Value {
        writeln!(self.stdin, "{question}").expect("the oracle reads");
        self.stdin.flush().expect("the oracle reads");
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("the oracle answers");
        assert!(!line.is_empty(), "the oracle exited; its errors are above");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("oracle answer {line:?}: {e}"))
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The interpreter, prepared once per test process: tests run on parallel
/// threads and must not make the environment twice at the same time.
fn python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(prepare).clone()
}

/// `FLOWSCRIBE_SDK_ORACLE`, or the project's environment, made or refreshed
/// when `requirements.txt` differs from what it was made from.
fn prepare() -> PathBuf {
    if let Some(path) = std::env::var_os("FLOWSCRIBE_SDK_ORACLE") {
        return PathBuf::from(path);
    }
    let root = workspace_root();
    let requirements = root.join("tests/oracle/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("tests/oracle/requirements.txt");
    let venv = root.join("target/sdk-oracle");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return python;
    }
    let run = |command: &mut Command, what: &str| {
        let status = command
            .status()
            .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
        assert!(status.success(), "{what} failed ({status})");
    };
    run(
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
        "python3 -m venv target/sdk-oracle",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r tests/oracle/requirements.txt",
    );
    std::fs::write(&stamp, wanted).expect("write the stamp");
    python
}
