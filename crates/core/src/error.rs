//! Errors for input Vigil cannot use. Each says what was expected and where, for a person.

use thiserror::Error;

/// Input that is not a usable event: the message names the place and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// The text is not JSON at all (empty, truncated, not JSON).
    #[error("not valid JSON: {0}")]
    NotJson(String),
    /// A required field is absent or null.
    #[error("`{path}` is missing: {expected}")]
    Missing {
        /// Where, as a dotted path in the event.
        path: String,
        /// What should be there.
        expected: String,
    },
    /// A field has the wrong JSON type or an unusable value.
    #[error("`{path}` should be {expected}, found {found}")]
    Invalid {
        /// Where, as a dotted path in the event.
        path: String,
        /// What should be there.
        expected: String,
        /// A short description of what was there (never a value that could be secret).
        found: String,
    },
}

impl InputError {
    pub(crate) fn missing(path: impl Into<String>, expected: impl Into<String>) -> Self {
        InputError::Missing {
            path: path.into(),
            expected: expected.into(),
        }
    }

    pub(crate) fn invalid(
        path: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        InputError::Invalid {
            path: path.into(),
            expected: expected.into(),
            found: found.into(),
        }
    }
}
