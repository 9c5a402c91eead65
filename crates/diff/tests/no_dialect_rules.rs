//! The generic crates hold no PostgreSQL or SQLite rule, parse no text a database
//! rendered and quote nothing themselves: such knowledge lives in the dialect crates
//! behind `DiffRules` and `Dialect` hooks (and their shared `"`-quoting helpers in
//! `strata-sqltext`). This test keeps the markers of it from coming back into
//! `crates/diff/src` and `crates/plan/src`, and quoting out of every generic crate.
//!
//! Unit-test files (`tests.rs`) are left out: their catalogs are written the way
//! introspection reads them, so they hold PostgreSQL text as data, and their stand-in
//! dialects borrow the dialect crates' helpers.
use std::fs;
use std::path::{Path, PathBuf};

/// Text that marks a database's rule, with the files still allowed to hold it.
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
    // Reading names out of rendered text is `DiffRules::references_in` and
    // `DiffRules::mentions_column`; the tokenizer is the dialects'.
    ("qualified_names", &[]),
    ("fn mentions(", &[]),
    ("fn tokenize(", &[]),
    ("strata_sqltext", &[]),
    // What PostgreSQL rebuilds itself and how it ties partition indexes together is
    // `Dialect::survives_type_change` and `Dialect::leaves_to_diff`.
    ("rebuilt_by_server", &[]),
    // The sequence an identity keeps is `DiffRules::identity_sequence`.
    ("_seq\"", &[]),
    ("partition_share", &[]),
    (
        ".parent",
        &[
            "diff/src/indexes.rs",
            // Renames a qualified name in every field that holds one.
            "diff/src/renames.rs",
            "plan/src/deps.rs",
            "plan/src/footprint.rs",
        ],
    ),
    (
        "attached_to",
        &[
            "diff/src/indexes.rs",
            "diff/src/renames.rs",
            "diff/src/tables.rs",
            "plan/src/deps.rs",
        ],
    ),
];

/// The crates that must never quote SQL themselves.
const GENERIC: &[&str] = &[
    "catalog", "diff", "plan", "migrate", "execute", "strata", "cli",
];

/// Text that quotes SQL by hand, or offers to, wherever it appears in a generic crate.
const QUOTING: &[&str] = &[
    ".quoted()",
    "pub fn quote_",
    "replace('\"'",
    "replace('\\''",
];

/// The crates' source files (relative to `crates/`) and their text.
fn sources(krates: &[&str]) -> Vec<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in krates {
        walk(&crates.join(krate).join("src"), &mut files);
    }
    files
        .into_iter()
        .map(|file| {
            let text = fs::read_to_string(&file).expect("readable source");
            let rel = file
                .strip_prefix(&crates)
                .expect("under crates/")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, text)
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// Calls of `name(` that are neither the declaration of a method of that name
/// (`fn quote_ident(`) nor a call through a value (`dialect.quote_ident(`).
fn free_calls(text: &str, name: &str) -> usize {
    let call = format!("{name}(");
    text.match_indices(&call)
        .filter(|(i, _)| {
            let before = &text[..*i];
            !before.ends_with("fn ") && !before.ends_with('.')
        })
        .count()
}

#[test]
fn generic_crates_hold_no_dialect_markers() {
    let mut found = Vec::new();
    for (rel, text) in sources(&["diff", "plan"]) {
        for (marker, allowed) in MARKERS {
            if text.contains(marker) && !allowed.contains(&rel.as_str()) {
                found.push(format!("{rel}: {marker}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "database knowledge in generic crates: {found:?}"
    );
}

#[test]
fn generic_crates_quote_only_through_the_dialect() {
    let mut found = Vec::new();
    for (rel, text) in sources(GENERIC) {
        for marker in QUOTING {
            if text.contains(marker) {
                found.push(format!("{rel}: {marker}"));
            }
        }
        for name in ["quote_ident", "quote_literal"] {
            if free_calls(&text, name) > 0 {
                found.push(format!("{rel}: {name}("));
            }
        }
    }
    assert!(found.is_empty(), "quoting in generic crates: {found:?}");
}

#[test]
fn only_free_quoting_calls_count() {
    let text = "fn quote_ident(&self, name: &str) -> String;\n\
                let q = dialect.quote_ident(part);\n\
                let l = quote_literal(value);";
    assert_eq!(free_calls(text, "quote_ident"), 0);
    assert_eq!(free_calls(text, "quote_literal"), 1);
}
