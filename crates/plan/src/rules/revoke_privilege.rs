//! The `revoke-privilege` rule.
use crate::{Axis, Rule};

/// `S019 revoke-privilege` (compatibility): revokes a privilege.
///
/// Clients connecting as the grantee lose access and fail.
///
/// Instead: check that no client still relies on the privilege before revoking it.
pub static REVOKE_PRIVILEGE: Rule = Rule {
    code: "S019",
    name: "revoke-privilege",
    axis: Axis::Compatibility,
    summary: "revokes a privilege",
    why: "Clients connecting as the grantee lose access and fail.",
    instead: "check that no client still relies on the privilege before revoking it.",
};
