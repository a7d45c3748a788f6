//! Body size and nesting limits for what a peer sends.

use crate::codec::nests_deeper_than;

/// Limits applied to a body before it is parsed.
///
/// Without them a peer could make a server allocate without bound (a huge body) or recurse
/// deeply; with them such input is a typed error, checked in one linear, allocation-free scan.
///
/// Spec: 2.2.1 status_codes.asciidoc (a body that cannot be parsed: HTTP 400)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    /// The largest body accepted, in bytes.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted. OCPI objects nest about 6 levels;
    /// the default leaves room for extensions.
    pub max_depth: usize,
}

impl Default for BodyLimits {
    /// 10 MiB and 32 levels.
    fn default() -> Self {
        BodyLimits {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 32,
        }
    }
}

/// Why a body was refused before parsing.
///
/// Spec: 2.2.1 status_codes.asciidoc
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Larger than [`BodyLimits::max_bytes`]: HTTP 413.
    #[error("body of {size} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// The body's size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Nests deeper than [`BodyLimits::max_depth`]: HTTP 400.
    #[error("body nests deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
}

impl BodyLimits {
    /// Checks a body against the limits.
    pub fn check(&self, body: &[u8]) -> Result<(), LimitError> {
        if body.len() > self.max_bytes {
            return Err(LimitError::TooLarge {
                size: body.len(),
                max: self.max_bytes,
            });
        }
        if nests_deeper_than(body, self.max_depth) {
            return Err(LimitError::TooDeep {
                max: self.max_depth,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        let l = BodyLimits {
            max_bytes: 100,
            max_depth: 3,
        };
        assert_eq!(l.check(br#"{"a":[{"b":1}]}"#), Ok(()));
        assert_eq!(
            l.check(br#"{"a":[{"b":[1]}]}"#),
            Err(LimitError::TooDeep { max: 3 })
        );
        assert_eq!(l.check(br#"{"a":"[[[[[[[[["}"#), Ok(()));
        assert_eq!(l.check(&[b' '; 100]), Ok(()));
        assert_eq!(
            l.check(&[b' '; 101]),
            Err(LimitError::TooLarge {
                size: 101,
                max: 100
            })
        );
        let deep = "[".repeat(1_000_000);
        assert_eq!(
            BodyLimits::default().check(deep.as_bytes()),
            Err(LimitError::TooDeep { max: 32 })
        );
    }
}
