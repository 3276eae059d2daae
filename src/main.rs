//! The `breachlint` command. All logic lives in the library.

// Compiling the rule sets' patterns and extracting facts allocate and free
// many small blocks; glibc's allocator spent about a third of a run's
// instructions on them, mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h, which the bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// `mi_option_destroy_on_exit` in mimalloc.h, likewise.
const MI_OPTION_DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;

fn main() {
    // At exit mimalloc walks its heap to free every block and return the
    // memory, which the process's exit does anyway: 0.6 ms of a lone
    // notice's 20 ms on the main thread. A value above 1 makes its exit
    // hook return at once (`_mi_auto_process_done` in init.c).
    // SAFETY: setting an option is allowed at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_DESTROY_ON_EXIT, 2) };
    let hooks = breachlint::cli::Hooks {
        long_run: return_memory_at_once,
    };
    std::process::exit(breachlint::cli::main_with(hooks));
}

/// Memory freed goes back to the system at once rather than 10 ms later.
///
/// A long run frees and allocates a notice's worth at a time, and the
/// delay let two threads' freed blocks add up to 5 MB of peak RSS on
/// 10,000 notices (and 28 MB on a 100 MB notice), at no measurable cost
/// in time. A lone notice keeps the delay: returning every block at once
/// made it fault 11,000 pages instead of 6,700, about 5 ms of its 50.
fn return_memory_at_once() {
    // SAFETY: setting an option is allowed at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}
