//! The `breachlint` command. All logic lives in the library.

// Compiling the rule sets' patterns and extracting facts allocate and free
// many small blocks; glibc's allocator spent about a third of a run's
// instructions on them, mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(breachlint::cli::main());
}
