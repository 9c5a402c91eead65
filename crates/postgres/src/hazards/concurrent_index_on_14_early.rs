//! The `concurrent-index-on-14-early` rule.
use strata_plan::{Axis, Rule};

/// `PG015 concurrent-index-on-14-early` (data-dependent): builds an index CONCURRENTLY on PostgreSQL 14.0 to 14.3.
///
/// PostgreSQL 14.0 to 14.3 can build a corrupt index with CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY when rows change during the build.
///
/// Instead: upgrade to 14.4 or later first (and REINDEX indexes built concurrently on the earlier releases), or build the index without CONCURRENTLY at a quiet time.
pub static CONCURRENT_INDEX_ON_14_EARLY: Rule = Rule {
    code: "PG015",
    name: "concurrent-index-on-14-early",
    axis: Axis::DataDependent,
    summary: "builds an index CONCURRENTLY on PostgreSQL 14.0 to 14.3",
    why: "PostgreSQL 14.0 to 14.3 can build a corrupt index with CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY when rows change during the build.",
    instead: "upgrade to 14.4 or later first (and REINDEX indexes built concurrently on the earlier releases), or build the index without CONCURRENTLY at a quiet time.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;
    use crate::version::PgVersion;

    /// The statements an online recipe renders for an index: strata's own render
    /// builds without CONCURRENTLY today, so the statement is given here.
    fn concurrent_build_on(version: PgVersion) -> Vec<String> {
        let statements = vec!["CREATE INDEX CONCURRENTLY t_n ON public.t USING btree (n)".into()];
        crate::render::judge_statements(statements, version)
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    #[test]
    fn found_on_14_0_to_14_3() {
        for minor in 0..=3 {
            let v = PgVersion {
                major: 14,
                minor: Some(minor),
            };
            assert_eq!(concurrent_build_on(v), ["PG015"], "14.{minor}");
        }
    }

    #[test]
    fn absent_elsewhere_and_without_concurrently() {
        for v in [
            PgVersion {
                major: 14,
                minor: Some(4),
            },
            PgVersion::major(14),
            PgVersion::major(15),
        ] {
            assert!(concurrent_build_on(v).is_empty(), "{v}");
        }
        let early = PostgresDialect::for_version(PgVersion {
            major: 14,
            minor: Some(2),
        });
        let index = strata_catalog::testing::btree_index("t_n", "t", "n");
        let r = strata_plan::Dialect::render(&early, &Change::CreateIndex(index)).unwrap();
        assert!(r.hazards.iter().all(|h| h.code != "PG015"));
    }
}
