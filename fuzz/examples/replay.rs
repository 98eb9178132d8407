//! Runs files through the fuzz targets' functions without libFuzzer, on any toolchain: the
//! seed corpus on stable in CI, or a crash artifact under a debugger.
//!
//! ```text
//! replay <target> <file-or-dir>...   # one target over files and directories of files
//! replay --all <corpus-root>         # every target over <corpus-root>/<target>/
//! ```
//!
//! Each file runs inside `catch_unwind`; a panic is printed (with its file) and counted, and
//! the exit code is 1 if any file panicked. An abort or a stack overflow ends the process.
//! The summary line also counts the files ndnet loaded without an error (the rest were
//! refused with an `Err`, which is fine).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut out: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        out.retain(|p| p.is_file());
        out.sort();
        Ok(out)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// Runs `target` over `paths`; returns (files run, files that panicked).
fn replay(name: &str, paths: &[PathBuf]) -> Result<(usize, usize), String> {
    let run = ndnet_fuzz::target(name).ok_or_else(|| {
        let names: Vec<&str> = ndnet_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        format!("unknown target `{name}` (targets: {})", names.join(", "))
    })?;
    let (mut ran, mut accepted, mut panicked) = (0, 0, 0);
    for path in paths {
        for file in files(path).map_err(|e| format!("{}: {e}", path.display()))? {
            let data = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            ran += 1;
            match catch_unwind(AssertUnwindSafe(|| run(&data))) {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(_) => {
                    panicked += 1;
                    eprintln!("FINDING: {name} panicked on {}", file.display());
                }
            }
        }
    }
    println!("replay {name}: {ran} files, {accepted} loaded, {panicked} panicked");
    Ok((ran, panicked))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, root] if flag == "--all" => {
            ndnet_fuzz::TARGETS
                .iter()
                .try_fold((0, 0), |(r, p), (name, _)| {
                    let (ran, panicked) = replay(name, &[Path::new(root).join(name)])?;
                    Ok((r + ran, p + panicked))
                })
        }
        [name, paths @ ..] if !paths.is_empty() => {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            replay(name, &paths)
        }
        _ => Err("usage: replay <target> <file-or-dir>... | replay --all <corpus-root>".into()),
    };
    ndnet_fuzz::remove_scratch();
    match result {
        Ok((_, 0)) => ExitCode::SUCCESS,
        Ok((ran, panicked)) => {
            eprintln!("{panicked} of {ran} files panicked");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("replay: {e}");
            ExitCode::from(2)
        }
    }
}
