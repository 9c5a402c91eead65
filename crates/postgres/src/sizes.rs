//! How big each table is, for choosing online recipes. One query over `pg_class`; kept
//! apart from introspection because sizes change with every insert.
use crate::error::statement_error;
use postgres::Client;
use std::collections::BTreeMap;
use strata_catalog::QualName;
use strata_execute::{DbError, TableSize};

/// Tables, partitioned tables and materialized views outside the system schemas.
/// `reltuples` is -1 on a table never analysed (PostgreSQL 14+; before, 0 with
/// `relpages` 0): its rows are then estimated from its size on disk and the width of
/// its columns (variable-width ones counted as 32 bytes), as the planner would.
const SIZES: &str = "\
SELECT n.nspname, c.relname, c.reltuples::float8, c.relpages::int8,
       pg_catalog.pg_table_size(c.oid)::int8, pg_catalog.pg_relation_size(c.oid)::int8,
       (SELECT 28 + COALESCE(sum(CASE WHEN a.attlen > 0 THEN a.attlen ELSE 32 END), 0)
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::int8
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'm')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\\_toast%'";

pub(crate) fn table_sizes(client: &mut Client) -> Result<BTreeMap<QualName, TableSize>, DbError> {
    let rows = client
        .query(SIZES, &[])
        .map_err(|e| statement_error(SIZES, &e))?;
    Ok(rows
        .iter()
        .map(|r| {
            let name = QualName::new(r.get::<_, String>(0), r.get::<_, String>(1));
            let size = size(r.get(2), r.get(3), r.get(4), r.get(5), r.get(6));
            (name, size)
        })
        .collect())
}

fn size(reltuples: f64, relpages: i64, bytes: i64, main: i64, width: i64) -> TableSize {
    let analysed = reltuples > 0.0 || (reltuples == 0.0 && relpages > 0);
    let rows = if analysed {
        reltuples as u64
    } else {
        (main.max(0) / width.max(1)) as u64
    };
    TableSize {
        rows,
        bytes: bytes.max(0) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_from_statistics_or_from_the_size_when_never_analysed() {
        assert_eq!(size(20_000.0, 100, 900_000, 800_000, 40).rows, 20_000);
        // Never analysed (PostgreSQL 14+): -1; older: 0 rows on 0 pages.
        assert_eq!(size(-1.0, 0, 900_000, 800_000, 40).rows, 20_000);
        assert_eq!(size(0.0, 0, 8192, 8192, 64).rows, 128);
        assert_eq!(size(0.0, 0, 0, 0, 64).rows, 0);
    }
}
