//! [`Fact`]: a value a source either carried or did not.
//!
//! A field missing from a Config item or a CloudTrail call is *unknown*, which is not the same as
//! `false`, `0` or empty. Rules must treat unknown inputs as undetermined, never as a pass.

/// A known value, or the admission that the source did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Fact<T> {
    /// The source carried this value.
    Known(T),
    /// The source did not carry the value (absent or `null`).
    #[default]
    Unknown,
}

impl<T> Fact<T> {
    /// The value, if known.
    pub fn get(&self) -> Option<&T> {
        match self {
            Fact::Known(v) => Some(v),
            Fact::Unknown => None,
        }
    }

    /// Whether the source carried the value.
    pub fn is_known(&self) -> bool {
        matches!(self, Fact::Known(_))
    }

    /// Maps the known value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fact<U> {
        match self {
            Fact::Known(v) => Fact::Known(f(v)),
            Fact::Unknown => Fact::Unknown,
        }
    }

    /// Keeps `self` when known, otherwise takes `other`.
    pub fn or(self, other: Fact<T>) -> Fact<T> {
        match self {
            Fact::Known(_) => self,
            Fact::Unknown => other,
        }
    }
}

impl<T> From<Option<T>> for Fact<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Fact::Unknown, Fact::Known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_is_not_a_default_value() {
        let unknown: Fact<bool> = Fact::from(None);
        assert_eq!(unknown.get(), None);
        assert!(!unknown.is_known());
        assert_eq!(Fact::Known(false).get(), Some(&false));
    }

    #[test]
    fn or_prefers_the_known_value() {
        assert_eq!(Fact::Unknown.or(Fact::Known(3)), Fact::Known(3));
        assert_eq!(Fact::Known(1).or(Fact::Known(3)), Fact::Known(1));
    }
}
