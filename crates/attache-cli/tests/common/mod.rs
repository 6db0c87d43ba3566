//! Helpers shared by the integration tests that run the `attache` binary.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Standard output as JSON Lines: one analysed document per line.
pub fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON document"))
        .collect()
}

/// Writes a fixture file into `dir` and returns its path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
