//! The `upgrade-extension` rule.
use strata_plan::{Axis, Rule};

/// `PG010 upgrade-extension` (compatibility): upgrades an extension to another version.
///
/// A new version may change or remove functions and types that clients use.
///
/// Instead: read the extension's release notes and try the upgrade on a copy of the database first.
pub static UPGRADE_EXTENSION: Rule = Rule {
    code: "PG010",
    name: "upgrade-extension",
    axis: Axis::Compatibility,
    summary: "upgrades an extension to another version",
    why: "A new version may change or remove functions and types that clients use.",
    instead: "read the extension's release notes and try the upgrade on a copy of the database first.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_the_version_changes() {
        let ext = |v: &str| Extension {
            name: "pg_trgm".into(),
            schema: "public".into(),
            version: v.into(),
        };
        assert!(
            codes(Change::AlterExtension {
                from: ext("1.5"),
                to: ext("1.6"),
            })
            .contains(&"PG010")
        );
        assert!(
            !codes(Change::AlterExtension {
                from: ext("1.6"),
                to: ext("1.6"),
            })
            .contains(&"PG010")
        );
    }
}
