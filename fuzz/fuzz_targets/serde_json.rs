//! Fuzz target `serde_json`: see ndnet_fuzz::serde_json (fuzz/src/lib.rs) for what it exercises.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ndnet_fuzz::serde_json(data);
});
