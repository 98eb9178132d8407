//! Fuzz target `idx`: see ndnet_fuzz::idx (fuzz/src/lib.rs) for what it exercises.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ndnet_fuzz::idx(data);
});
