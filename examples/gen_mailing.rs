//! Writes a generated mailing (a recipients' list and one rendered letter
//! per recipient, every person invented) for `breachlint merge-check`:
//!
//! ```sh
//! cargo run --example gen_mailing -- 300 tests/fixtures/mailing --faults
//! breachlint merge-check --recipients tests/fixtures/mailing/recipients.csv \
//!     --key member_id tests/fixtures/mailing/letters
//! ```
//!
//! With `--faults` the batch has one swapped page, one missing letter, one
//! duplicate and one unfilled field (see `benches/support/mailing.rs`).
//! `tests/fixtures/mailing/` is this command's output, committed.

#[path = "../benches/support/mailing.rs"]
mod mailing;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let faults = args.iter().any(|a| a == "--faults");
    let mut rest = args.iter().filter(|a| *a != "--faults");
    let n: usize = rest.next().and_then(|s| s.parse().ok()).unwrap_or(300);
    let dir = std::path::PathBuf::from(rest.next().map_or("generated-mailing", |s| s.as_str()));
    if faults && n <= mailing::UNFILLED {
        eprintln!(
            "error: --faults needs more than {} recipients",
            mailing::UNFILLED
        );
        std::process::exit(2);
    }
    let m = mailing::mailing(n, 2026, faults);
    let letters = dir.join("letters");
    let write = |path: &std::path::Path, text: &str| {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&letters) {
        eprintln!("error: cannot create {}: {e}", letters.display());
        std::process::exit(2);
    }
    write(&dir.join("recipients.csv"), &m.csv);
    for (name, text) in &m.letters {
        write(&letters.join(name), text);
    }
    println!(
        "wrote {} recipients and {} letters to {}",
        n,
        m.letters.len(),
        dir.display()
    );
}
