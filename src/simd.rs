//! Runs elementwise loops with the widest vector instructions the CPU has.
//!
//! The crate is compiled for the baseline x86-64 (SSE2), so the compiler vectorises loops four
//! `f32` lanes wide. [`vectorized`] detects AVX2 + FMA or AVX-512 at run time (through `pulp`,
//! which `gemm` already uses) and runs the closure in a function compiled for them, so the
//! same loop runs 8 or 16 lanes wide. Results do not depend on the instruction set: the
//! compiler never contracts `a·b + c` into a fused multiply-add on its own, and division and
//! square root are correctly rounded at every width.

/// Runs `kernel` compiled for the best instruction set the CPU supports.
///
/// For the loop inside to be vectorised with those instructions, `kernel` and everything it
/// calls must be inlined into it: mark the closure and the functions it calls
/// `#[inline(always)]`.
#[inline(always)]
pub(crate) fn vectorized<R>(kernel: impl FnOnce() -> R) -> R {
    pulp::Arch::new().dispatch(kernel)
}
