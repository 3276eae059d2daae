//! Writes N generated breach notices (2–4 KB, varied wording) into a folder,
//! for benchmarking the command line:
//!
//! ```sh
//! cargo run --release --example gen_notices -- 2000 /tmp/notices
//! hyperfine 'target/release/breachlint check --quiet --exit-zero /tmp/notices'
//! ```

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "generated-notices".into()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    for (i, text) in generate::notices(n, 42).into_iter().enumerate() {
        let path = dir.join(format!("notice-{i:05}.md"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
    }
    println!("wrote {n} notices to {}", dir.display());
}
