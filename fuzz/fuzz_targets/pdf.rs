#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| breachlint_fuzz::pdf(data));
