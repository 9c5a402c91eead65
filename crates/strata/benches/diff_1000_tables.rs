//! Times `diff` between two live PostgreSQL databases of 1,000 tables each (introspection
//! of both sides plus planning), and records the figure in BENCHMARKS.md.
//!
//! Run: `cargo bench -p strata --bench diff_1000_tables` (uses STRATA_TEST_PG_URL, default
//! the local server). Not a test: timings depend on the machine.
use std::time::{Duration, Instant};
use strata::Scope;

const TABLES: usize = 1000;
const RUNS: usize = 5;

fn schema_sql(variant: usize) -> String {
    let mut sql = String::new();
    for i in 0..TABLES {
        // Every tenth table differs between the two databases: an extra column and index.
        let extra = if variant == 1 && i % 10 == 0 {
            ", note text DEFAULT 'x'"
        } else {
            ""
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
             name varchar(100) NOT NULL, created timestamptz DEFAULT now(), \
             parent bigint{extra});\n"
        ));
        sql.push_str(&format!("CREATE INDEX t{i}_name ON t{i} (name);\n"));
        if i > 0 {
            sql.push_str(&format!(
                "ALTER TABLE t{i} ADD CONSTRAINT t{i}_parent FOREIGN KEY (parent) REFERENCES t{} (id);\n",
                i - 1
            ));
        }
        if variant == 1 && i % 10 == 0 {
            sql.push_str(&format!("CREATE INDEX t{i}_note ON t{i} (note);\n"));
        }
    }
    sql
}

fn main() {
    let a = strata_testkit::TestDb::new();
    let b = strata_testkit::TestDb::new();
    for (db, variant) in [(&a, 0), (&b, 1)] {
        let mut conn = strata::connect(db.url(), None).expect("connect");
        conn.execute(&schema_sql(variant)).expect("load schema");
    }
    let mut times = Vec::new();
    let mut steps = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut from_db = strata::connect(a.url(), None).expect("connect a");
        let mut to_db = strata::connect(b.url(), None).expect("connect b");
        let from = strata::introspect(from_db.as_mut(), &Scope::default()).expect("introspect a");
        let to = strata::introspect(to_db.as_mut(), &Scope::default()).expect("introspect b");
        let plan = strata::plan(&from, &to, from_db.as_ref()).expect("plan");
        times.push(start.elapsed());
        steps = plan.steps.len();
        assert_eq!(from.tables.len(), TABLES);
    }
    times.sort();
    let median = times[RUNS / 2];
    let line = format!(
        "| diff of two live 1,000-table PostgreSQL databases (connect, introspect both, plan {steps} steps) | median {} ms, min {} ms, max {} ms over {RUNS} runs |",
        ms(median),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    println!("{line}");
    record(&line);
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

/// Replaces this bench's row in BENCHMARKS.md (or appends it).
fn record(line: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let key = "| diff of two live 1,000-table";
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(key)) {
        Some(i) => lines[i] = line.to_string(),
        None => lines.push(line.to_string()),
    }
    std::fs::write(&path, lines.join("\n") + "\n").expect("write BENCHMARKS.md");
}
