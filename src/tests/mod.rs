//! Tests that need the crate's insides: the allocation count of the hot paths, which tells
//! the matrix backend's own allocations from ndnet's through a flag only test builds set.

mod allocation;
