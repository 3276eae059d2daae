//! Parses the built-in rule sets (`rules/*.toml`) once, when breachlint is
//! built, into the value trees `src/rules/stored` reads: lexing their TOML
//! was most of what the main thread did before a lone notice could be
//! linted. The format is written by `src/rules/stored/write.rs`, shared
//! with the crate's tests.

// Only the writing half of the format is used here.
#[allow(dead_code)]
#[path = "src/varint.rs"]
mod varint;
#[path = "src/rules/stored/write.rs"]
mod write;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    link_at_a_fixed_address();
    println!("cargo::rerun-if-changed=src/rules/stored/write.rs");
    println!("cargo::rerun-if-changed=src/varint.rs");
    println!("cargo::rerun-if-changed=rules");
    let mut paths: Vec<_> = std::fs::read_dir("rules")
        .expect("the rules directory is read")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in &paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.file_stem().and_then(|s| s.to_str());
        if let (Some(name), Ok(text)) = (name, std::fs::read_to_string(path)) {
            texts.push((name.to_string(), text));
        }
    }
    let sets: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        std::path::Path::new(&dir).join("builtin-rules.bin"),
        write::sets(&sets),
    )
    .expect("the stored rule sets are written");
}

/// Links the `breachlint` binary at a fixed address on Linux, unless
/// `BREACHLINT_PIE` is set when it is built.
///
/// A position-independent executable is moved to a random address at every
/// start, and the loader first rewrites the 36,000 pointers in its
/// read-only data (the rule tables, the Unicode and entity tables of the
/// parsers, every trait object's vtable), copying each of their 200-odd
/// pages: about 290 page faults and 2 ms of processor time of a lone
/// notice's 19, before the first rule set is read. The stack, the heap and
/// the shared libraries are still placed at random, breachlint never opens a
/// network connection, and its parsers are memory-safe Rust; a distribution
/// that requires position-independent executables sets `BREACHLINT_PIE=1`.
fn link_at_a_fixed_address() {
    println!("cargo::rerun-if-env-changed=BREACHLINT_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux && std::env::var_os("BREACHLINT_PIE").is_none() {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
