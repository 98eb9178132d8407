//! A layer's settings as model files store them: named numbers, counts, flags and names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The settings of a layer that, with its kind and its input width, rebuild it (its tensors
/// are stored apart): a dense layer's `units` and `activation`, Dice's `epsilon`, ….
///
/// ```
/// use ndnet::layer::Settings;
///
/// let s = Settings::new().count("units", 128).text("activation", "relu");
/// assert_eq!(s.get_count("units")?, 128);
/// assert!(s.get_number("alpha").is_err());
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Settings(BTreeMap<String, Setting>);

/// One setting's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Setting {
    /// `true` or `false`.
    Flag(bool),
    /// A whole number, such as a width.
    Count(u64),
    /// A real number.
    Number(f64),
    /// A name, such as an activation's.
    Text(String),
}

impl Settings {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// With the whole number `value` under `key`.
    pub fn count(mut self, key: &str, value: usize) -> Self {
        self.0.insert(key.into(), Setting::Count(value as u64));
        self
    }

    /// With the real number `value` under `key`.
    pub fn number(mut self, key: &str, value: f64) -> Self {
        self.0.insert(key.into(), Setting::Number(value));
        self
    }

    /// With the flag `value` under `key`.
    pub fn flag(mut self, key: &str, value: bool) -> Self {
        self.0.insert(key.into(), Setting::Flag(value));
        self
    }

    /// With the name `value` under `key`.
    pub fn text(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.into(), Setting::Text(value.into()));
        self
    }

    /// The setting under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.0.get(key)
    }

    /// The whole number under `key`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if it is missing or not a whole number.
    pub fn get_count(&self, key: &str) -> Result<usize> {
        match self.get(key) {
            Some(&Setting::Count(n)) => usize::try_from(n).map_err(|_| bad(key, self.get(key))),
            other => Err(bad(key, other)),
        }
    }

    /// The real number under `key` (a whole number is read as one too).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if it is missing or not a number.
    pub fn get_number(&self, key: &str) -> Result<f64> {
        match self.get(key) {
            Some(&Setting::Number(x)) => Ok(x),
            Some(&Setting::Count(n)) => Ok(n as f64),
            other => Err(bad(key, other)),
        }
    }

    /// The flag under `key`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if it is missing or not `true`/`false`.
    pub fn get_flag(&self, key: &str) -> Result<bool> {
        match self.get(key) {
            Some(&Setting::Flag(b)) => Ok(b),
            other => Err(bad(key, other)),
        }
    }

    /// The name under `key`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if it is missing or not a name.
    pub fn get_text(&self, key: &str) -> Result<&str> {
        match self.get(key) {
            Some(Setting::Text(s)) => Ok(s),
            other => Err(bad(key, other)),
        }
    }
}

fn bad(key: &str, found: Option<&Setting>) -> Error {
    Error::InvalidHyperparameter {
        name: "layer setting",
        value: match found {
            Some(v) => format!("{key} = {v:?}"),
            None => format!("{key} (missing)"),
        },
        reason: "missing, or not of the type this layer needs",
    }
}
