//! Rule sets: the TOML format, loading with located errors, and compilation.

pub mod model;
