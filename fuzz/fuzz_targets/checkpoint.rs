//! Fuzz target `checkpoint`: see ndnet_fuzz::checkpoint (fuzz/src/lib.rs) for what it exercises.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ndnet_fuzz::checkpoint(data);
});
