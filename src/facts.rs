//! The incident facts file (`incident.toml`).
