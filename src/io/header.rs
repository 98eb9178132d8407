//! Checks a safetensors header against the file it heads before the `safetensors` crate sees
//! it: every size and offset the header claims must fit in the bytes actually present, so a
//! hostile header can neither overflow that crate's arithmetic nor make anyone allocate what
//! the file does not hold.

use std::path::Path;

use serde_json::{Map, Value};

use super::container::invalid;
use crate::error::Result;

/// The largest header accepted, as in the `safetensors` crate.
const MAX_HEADER_BYTES: u64 = 100_000_000;

/// Checks the 8-byte length, the JSON header, and each tensor's element type, shape and
/// offsets against `bytes.len()`.
///
/// # Errors
/// [`Error::InvalidFile`](crate::Error::InvalidFile) naming `path`, `format` and the first claim that does not fit.
pub(crate) fn check(path: &Path, bytes: &[u8], format: &'static str) -> Result<()> {
    let bad = |message: String| invalid(path, format, message);
    let (length, rest) = bytes
        .split_first_chunk::<8>()
        .ok_or_else(|| bad(format!("{} bytes: too short for a header", bytes.len())))?;
    let claimed = u64::from_le_bytes(*length);
    if claimed > MAX_HEADER_BYTES || claimed > rest.len() as u64 {
        return Err(bad(format!(
            "the header claims {claimed} bytes; the file has {} after the length",
            rest.len()
        )));
    }
    let (header, data) = rest.split_at(claimed as usize);
    let header: Map<String, Value> = serde_json::from_slice(header)
        .map_err(|e| bad(format!("the header is not a JSON object ({e})")))?;
    for (name, entry) in &header {
        if name != "__metadata__" {
            check_tensor(name, entry, data.len() as u64).map_err(bad)?;
        }
    }
    Ok(())
}

/// One tensor's entry: `{"dtype": …, "shape": […], "data_offsets": [start, end]}` with
/// `end − start` the shape's byte size and `end` within the `data` bytes.
fn check_tensor(name: &str, entry: &Value, data: u64) -> std::result::Result<(), String> {
    let dtype = entry.get("dtype").and_then(Value::as_str);
    let size = dtype.and_then(element_bytes).ok_or_else(|| {
        format!("tensor `{name}`: element type {dtype:?} is not one this crate can read")
    })?;
    let shape = numbers(entry.get("shape"))
        .ok_or_else(|| format!("tensor `{name}`: the shape is not a list of sizes"))?;
    let bytes = shape
        .iter()
        .try_fold(size, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= data)
        .ok_or_else(|| {
            format!("tensor `{name}`: shape {shape:?} needs more bytes than the file's {data}")
        })?;
    match numbers(entry.get("data_offsets")).as_deref() {
        Some(&[start, end]) if start <= end && end <= data && end - start == bytes => Ok(()),
        Some(offsets) => Err(format!(
            "tensor `{name}`: offsets {offsets:?} do not hold {bytes} bytes within the file's \
             {data}"
        )),
        None => Err(format!("tensor `{name}`: no data_offsets pair")),
    }
}

/// A JSON list of unsigned integers.
fn numbers(value: Option<&Value>) -> Option<Vec<u64>> {
    value?.as_array()?.iter().map(Value::as_u64).collect()
}

/// The bytes of one element of a safetensors element type; `None` for the sub-byte and
/// unknown ones.
fn element_bytes(dtype: &str) -> Option<u64> {
    Some(match dtype {
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" | "F8_E8M0" => 1,
        "U16" | "I16" | "F16" | "BF16" => 2,
        "U32" | "I32" | "F32" => 4,
        "U64" | "I64" | "F64" | "C64" => 8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn file(header: &str, data: usize) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend(header.as_bytes());
        bytes.extend(std::iter::repeat_n(0u8, data));
        bytes
    }

    fn message(bytes: &[u8]) -> String {
        match check(Path::new("x.safetensors"), bytes, "test") {
            Err(Error::InvalidFile { message, .. }) => message,
            other => panic!("expected InvalidFile, got {other:?}"),
        }
    }

    #[test]
    fn a_header_that_fits_passes() {
        let h = r#"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"__metadata__":{}}"#;
        assert!(check(Path::new("x"), &file(h, 24), "test").is_ok());
    }

    #[test]
    fn claims_beyond_the_file_are_refused() {
        // Eight tensors of 2^61 − 1 bytes each: their sum overflows a u64.
        let huge = (0..8)
            .map(|i| {
                let (s, e) = (i * ((1u64 << 61) - 1), (i + 1) * ((1u64 << 61) - 1));
                format!(
                    r#""t{i}":{{"dtype":"U8","shape":[{}],"data_offsets":[{s},{e}]}}"#,
                    e - s
                )
            })
            .collect::<Vec<_>>()
            .join(",");
        assert!(message(&file(&format!("{{{huge}}}"), 0)).contains("needs more bytes"));
        let h = r#"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#;
        assert!(message(&file(h, 23)).contains("needs more bytes"));
        let h = r#"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[4,28]}}"#;
        assert!(message(&file(h, 24)).contains("offsets"));
        let h = r#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#;
        assert!(message(&file(h, 0)).contains("needs more bytes"));
        let mut length_only = u64::MAX.to_le_bytes().to_vec();
        length_only.extend(b"{}");
        assert!(message(&length_only).contains("the header claims"));
        assert!(message(b"abc").contains("too short"));
        let h = r#"{"a":{"dtype":"F4","shape":[2],"data_offsets":[0,1]}}"#;
        assert!(message(&file(h, 1)).contains("element type"));
    }
}
