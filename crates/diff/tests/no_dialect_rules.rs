//! The generic crates hold no PostgreSQL rule and parse no text PostgreSQL rendered: such
//! knowledge lives in `strata-postgres` behind `DiffRules` and `Dialect` hooks. This test
//! keeps the markers of it from coming back into `crates/diff/src` and `crates/plan/src`.
//!
//! Unit-test files (`tests.rs`) are left out: their catalogs are written the way
//! introspection reads them, so they hold PostgreSQL text as data.
use std::fs;
use std::path::{Path, PathBuf};

/// Text that marks a PostgreSQL rule, with the files still allowed to hold it.
const MARKERS: &[(&str, &[&str])] = &[
    ("pg_get_", &[]),
    ("ON ONLY", &[]),
    ("_pkey", &[]),
    ("USING ", &[]),
    ("::regclass", &[]),
    ("nextval", &[]),
    ("REFERENCES", &[]),
    // Multi-word PostgreSQL type names, as a list to match argument text against.
    ("\"double\"", &[]),
    ("\"character\"", &[]),
    ("\"timestamp\"", &[]),
    ("double precision", &[]),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

#[test]
fn generic_crates_hold_no_postgres_markers() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for krate in ["diff", "plan"] {
        let mut files = Vec::new();
        sources(&crates.join(krate).join("src"), &mut files);
        for file in files {
            let text = fs::read_to_string(&file).expect("readable source");
            let rel = file
                .strip_prefix(&crates)
                .expect("under crates/")
                .to_string_lossy()
                .replace('\\', "/");
            for (marker, allowed) in MARKERS {
                if text.contains(marker) && !allowed.contains(&rel.as_str()) {
                    found.push(format!("{rel}: {marker}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "PostgreSQL knowledge in generic crates: {found:?}"
    );
}
