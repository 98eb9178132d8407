//! The module graph the crate docs draw is the one the code has: every `crate::…` path in
//! `src/` goes from a module to one the picture in `src/lib.rs` ("How the crate is built")
//! allows, i.e. to its right on its own line or on a line below. That order is total, so
//! passing this test also means there is no import cycle between modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each module of the picture with its position: (line from the bottom, column from the right).
fn picture() -> BTreeMap<String, (usize, usize)> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let start = lib
        .find("# How the crate is built")
        .expect("lib.rs has the section");
    let block = &lib[start..];
    let open = block.find("```text").expect("the picture is a text block") + "```text".len();
    let close = open + block[open..].find("```").expect("the block ends");
    let lines: Vec<Vec<String>> = block[open..close]
        .lines()
        .map(|l| l.trim_start_matches("//!").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().skip(1).map(String::from).collect())
        .collect();
    assert!(lines.len() >= 4, "the picture has its layers: {lines:?}");
    let mut position = BTreeMap::new();
    for (i, modules) in lines.iter().enumerate() {
        let level = lines.len() - i;
        for (j, module) in modules.iter().enumerate() {
            let previous = position.insert(module.clone(), (level, modules.len() - j));
            assert!(
                previous.is_none(),
                "`{module}` appears twice in the picture"
            );
        }
    }
    position
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` module (which sits at
/// the end of a file).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module named after `crate::` (also inside `use crate::{a, b}` groups).
fn targets(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
        rest = after;
    }
    found
}

#[test]
fn every_arrow_between_modules_is_one_the_crate_docs_allow() {
    let position = picture();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(src()).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        // The crate root re-exports everything; test-only files may use anything.
        let test_only = rel.ends_with("tests.rs")
            || rel.starts_with("tests")
            || rel.components().any(|c| c.as_os_str() == "tests");
        if module == "lib" || test_only {
            continue;
        }
        let Some(&from) = position.get(&module) else {
            bad.push(format!(
                "{}: module `{module}` is not in the picture",
                rel.display()
            ));
            continue;
        };
        seen.insert(module.clone());
        let text = std::fs::read_to_string(file).unwrap();
        for target in targets(&code(&text)) {
            if target == module {
                continue;
            }
            // Root re-exports name the module they come from.
            let target = match target.as_str() {
                "Error" | "Result" => "error".to_string(),
                "Float" => "float".to_string(),
                "Activation" => "activation".to_string(),
                "Network" | "NetworkBuilder" | "Gradients" => "network".to_string(),
                "Workspace" => "workspace".to_string(),
                other => other.to_string(),
            };
            match position.get(&target) {
                Some(&to) if to < from => {}
                Some(_) => bad.push(format!(
                    "{}: `{module}` uses `{target}`, which the picture puts above or to its left",
                    rel.display()
                )),
                None => bad.push(format!(
                    "{}: `{target}` is not in the picture",
                    rel.display()
                )),
            }
        }
    }
    for module in position.keys() {
        let gated = module == "preprocessing";
        if !seen.contains(module) && !gated {
            bad.push(format!(
                "the picture lists `{module}`, which has no file in src/"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "the module graph breaks the picture:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_an_arrow_upwards() {
    // The parser sees `crate::` paths in plain paths and in groups.
    let found = targets(&code(
        "use crate::{check, loss::Loss};\nlet x = crate::train::Trainer::new(); // crate::io",
    ));
    assert_eq!(
        found,
        ["check", "loss", "train"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    // And an arrow from `loss` (objective) to `train` would be refused.
    let position = picture();
    assert!(position["train"] > position["loss"]);
    assert!(
        position["layer"] > position["activation"],
        "layer may use activation"
    );
    assert!(
        position["activation"] < position["layer"],
        "but not the other way round"
    );
}
