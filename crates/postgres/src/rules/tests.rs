//! The generic diff run with PostgreSQL's rules, on small hand-built catalogs written the
//! way introspection reads them.
use crate::PostgresDialect;
use strata_catalog::testing::{cat_with_tables, enum_type, q, table};
use strata_catalog::*;
use strata_diff::{Change, EnumPosition};

fn diff(from: &Catalog, to: &Catalog) -> Vec<Change> {
    strata_diff::diff(from, to, &PostgresDialect)
}

/// A compact, readable name for each change, to compare whole diffs at a glance.
fn kinds(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let s = format!("{c:?}");
            s.split([' ', '(', '{']).next().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn enum_labels_appended_and_inserted() {
    let mut a = Catalog::default();
    let mut b = Catalog::default();
    a.types
        .insert(q("mood"), enum_type("mood", &["sad", "happy"]));
    b.types.insert(
        q("mood"),
        enum_type("mood", &["sad", "ok", "happy", "ecstatic"]),
    );
    assert_eq!(
        diff(&a, &b),
        vec![
            Change::AddEnumValue {
                name: q("mood"),
                value: "ok".into(),
                position: EnumPosition::Before("happy".into()),
            },
            Change::AddEnumValue {
                name: q("mood"),
                value: "ecstatic".into(),
                position: EnumPosition::Last,
            },
        ]
    );
}

#[test]
fn a_new_label_used_in_the_same_plan_replaces_the_enum() {
    let mut t = table("t", &[("m", "public.mood")]);
    let mut a = cat_with_tables(vec![t.clone()]);
    a.types.insert(q("mood"), enum_type("mood", &["sad"]));
    t.columns[0].default = Some("'ok'::public.mood".into());
    let mut b = cat_with_tables(vec![t]);
    b.types.insert(q("mood"), enum_type("mood", &["sad", "ok"]));
    assert_eq!(kinds(&diff(&a, &b)), ["ReplaceType", "AlterColumn"]);
    // Not used: added in place.
    let mut c = b.clone();
    c.tables.get_mut(&q("t")).unwrap().columns[0].default = Some("'sad'::public.mood".into());
    assert_eq!(kinds(&diff(&a, &c)), ["AddEnumValue", "AlterColumn"]);
}

#[test]
fn a_replaced_enum_converts_its_columns_and_arrays_of_it() {
    let cols = [
        ("m", "public.mood"),
        ("ms", "public.mood[]"),
        ("t", "text"),
        ("o", "public.other"),
    ];
    let mut a = cat_with_tables(vec![table("t", &cols)]);
    a.types.insert(q("mood"), enum_type("mood", &["sad", "ok"]));
    let mut b = a.clone();
    b.types.insert(q("mood"), enum_type("mood", &["ok"]));
    let changes = diff(&a, &b);
    let [Change::ReplaceType { columns, .. }] = changes.as_slice() else {
        panic!("expected one replacement, got {changes:?}");
    };
    let converted: Vec<&str> = columns.iter().map(|c| c.to.name.as_str()).collect();
    assert_eq!(converted, ["m", "ms"]);
}

#[test]
fn rendered_text_names_objects_and_columns() {
    use strata_diff::DiffRules;
    let rules = PostgresDialect;
    assert_eq!(
        rules.references_in(r#"nextval('public.s'::regclass) + "App"."f"(x)"#),
        [QualName::new("App", "f")],
        "names inside string literals are not references"
    );
    assert!(rules.mentions_column(r#"("Total" * 2)"#, "Total"));
    assert!(!rules.mentions_column("(subtotal * 2)", "total"));
}

/// A partitioned table `m` with partitions `m_1` and `m_2` and an index `m_x_idx` whose
/// shares are named by `shares` (partition → index name; a missing partition is not
/// covered and the parent index is `ON ONLY`).
fn partitioned_index(shares: &[(&str, &str)]) -> Catalog {
    let mut parent = table("m", &[("x", "integer")]);
    parent.pg_mut().partition_key = Some("LIST (x)".into());
    let mut tables = vec![parent];
    for (n, part) in ["m_1", "m_2"].iter().enumerate() {
        let mut t = table(part, &[("x", "integer")]);
        t.pg_mut().partition_of = Some((q("m"), format!("FOR VALUES IN ({n})")));
        tables.push(t);
    }
    let mut cat = cat_with_tables(tables);
    let index = |name: &str, table: &str, only: &str| Index {
        name: q(name),
        table: q(table),
        definition: format!("CREATE INDEX {name} ON {only}public.{table} USING btree (x)"),
        unique: false,
        comment: None,
        parent: None,
    };
    let only = if shares.len() == 2 { "" } else { "ONLY " };
    cat.indexes
        .insert(q("m_x_idx"), index("m_x_idx", "m", only));
    for (part, name) in shares {
        let mut share = index(name, part, "");
        share.parent = Some(q("m_x_idx"));
        cat.indexes.insert(q(name), share);
    }
    cat
}

#[test]
fn a_share_of_a_partitioned_index_is_renamed_in_place() {
    let a = partitioned_index(&[("m_1", "m_1_x_idx"), ("m_2", "m_2_x_idx")]);
    let b = partitioned_index(&[("m_1", "m_1_x_idx"), ("m_2", "m_2_custom")]);
    assert_eq!(kinds(&diff(&a, &b)), ["RenameIndex"]);
}

#[test]
fn a_missing_share_is_attached_and_a_leaving_one_rebuilds_the_parent() {
    let mut a = partitioned_index(&[("m_1", "m_1_x_idx")]);
    let mut loose = a.indexes[&q("m_1_x_idx")].clone();
    loose.name = q("m_2_x_idx");
    loose.table = q("m_2");
    loose.parent = None;
    loose.definition = "CREATE INDEX m_2_x_idx ON public.m_2 USING btree (x)".into();
    a.indexes.insert(q("m_2_x_idx"), loose);
    let b = partitioned_index(&[("m_1", "m_1_x_idx"), ("m_2", "m_2_x_idx")]);
    assert_eq!(kinds(&diff(&a, &b)), ["AttachIndex"]);
    // Back: an index cannot be detached, so the parent is made again ON ONLY, and the
    // share that stays is made and attached; the one that leaves is made on its own.
    assert_eq!(
        kinds(&diff(&b, &a)),
        [
            "DropIndex",
            "CreateIndex",
            "CreateIndex",
            "CreateIndex",
            "AttachIndex"
        ]
    );
}
