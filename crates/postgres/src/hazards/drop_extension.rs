//! The `drop-extension` rule.
use strata_plan::{Axis, Rule};

/// `PG009 drop-extension` (compatibility): drops an extension.
///
/// Everything the extension provides (types, functions, operators) goes with it, and clients using them fail.
///
/// Instead: check that nothing uses the extension's objects before dropping it.
pub static DROP_EXTENSION: Rule = Rule {
    code: "PG009",
    name: "drop-extension",
    axis: Axis::Compatibility,
    summary: "drops an extension",
    why: "Everything the extension provides (types, functions, operators) goes with it, and clients using them fail.",
    instead: "check that nothing uses the extension's objects before dropping it.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_an_extension_is_dropped() {
        let ext = |v: &str| Extension {
            name: "pg_trgm".into(),
            schema: "public".into(),
            version: v.into(),
        };
        assert!(codes(Change::DropExtension(ext("1.6"))).contains(&"PG009"));
        assert!(!codes(Change::CreateExtension(ext("1.6"))).contains(&"PG009"));
    }
}
