//! The `breachlint` command. All logic lives in the library.

fn main() {
    std::process::exit(breachlint::cli::main());
}
