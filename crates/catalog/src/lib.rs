//! The catalog model: plain data describing one database schema.
//!
//! Every source (a live database, schema files loaded into a scratch database, replayed
//! migrations) becomes a [`Catalog`]. The model holds what the database itself rendered
//! (types from `format_type`, expressions from `pg_get_expr`, ...) so two catalogs read back
//! from the same server compare equal exactly when the schemas are the same.
//!
//! No I/O and no SQL rendering live here: quoting belongs to the dialects.
#![deny(missing_docs)]

mod codes;
mod ident;
mod kind;
mod model;
mod object;
mod owned;
mod scope;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use codes::{
    EventTriggerEvent, ForeignKeyAction, PolicyCommand, Privilege, TriggerState, UnknownCode,
};
pub use ident::{QualName, breaks_line, comment_text};
pub use kind::Kind;
pub use model::*;
pub use object::ObjectId;
pub use owned::{OWNED_MARKER, is_owned_marker, owned_marker_in};
pub use scope::{Scope, glob_match};
