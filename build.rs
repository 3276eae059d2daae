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
