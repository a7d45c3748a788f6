//! The ground floor: JSON at the byte level, below every OCPI type.
//!
//! - [`reader`]: the fast reader every type reads itself with, and the nesting bound of
//!   unknown fields ([`MAX_UNKNOWN_DEPTH`]);
//! - [`writer`]: [`WriteJson`], which every type writes itself with, and its building blocks;
//! - [`conformance`]: JSON paths, [`Warning`]s and the [`Conformance`] trait that ties a type
//!   to both (its warnings, its fast read).
//!
//! Nothing here knows an OCPI type or the entry points built on top: `types` implements these
//! traits, and `json` drives them. The public items are re-exported where users find them
//! (`types::Warning`, `json::WriteJson`, …).

pub(crate) mod conformance;
pub(crate) mod reader;
pub(crate) mod writer;

pub(crate) use conformance::push_warning;
pub use conformance::{Conformance, JsonPath, Warning, WarningKind, MAX_WARNINGS};
pub use reader::MAX_UNKNOWN_DEPTH;
pub(crate) use reader::{nests_deeper_than, Fallback, Read, Reader};
pub use writer::{to_vec, write, WriteJson};
