//! Reads the `CREATE` statements SQLite stores in `sqlite_master` and renders them in
//! canonical form. SQLite already validated the text, so the parser is forgiving: it only
//! finds the structure strata needs (columns, constraints, table options).

use crate::lex::{Tok, canon, canon_type, short_hash, tokenize};
use strata_catalog::ConstraintKind;
use strata_sqltext::quote_ident;

/// A parsed `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableDef {
    pub name: String,
    pub columns: Vec<ColumnDef>,
    /// Table constraints, each as its tokens (including any `CONSTRAINT name`).
    pub constraints: Vec<Vec<Tok>>,
    pub without_rowid: bool,
    pub strict: bool,
}

/// One column definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColumnDef {
    pub name: String,
    pub type_tokens: Vec<Tok>,
    /// Column constraints, each as its tokens (including any `CONSTRAINT name`).
    pub constraints: Vec<Vec<Tok>>,
}

/// A constraint lifted to table level, ready for the catalog.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LiftedConstraint {
    pub name: String,
    pub kind: ConstraintKind,
    pub definition: String,
    pub columns: Vec<String>,
    /// For a foreign key, the referenced table as written.
    pub references: Option<String>,
}

/// Keywords that start a column constraint.
const COLUMN_CONSTRAINT_STARTS: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// Keywords that start a table constraint.
const TABLE_CONSTRAINT_STARTS: &[&str] = &["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/// Parses `CREATE TABLE` text. `None` when it is not a plain `CREATE TABLE (..)`.
pub(crate) fn parse_create_table(sql: &str) -> Option<TableDef> {
    let tokens = tokenize(sql);
    let (name, rest) = object_name(&tokens, "TABLE")?;
    let rest = &tokens[rest..];
    if !rest.first()?.is_op("(") {
        return None;
    }
    let close = matching_paren(rest, 0)?;
    let mut def = TableDef {
        name,
        columns: Vec::new(),
        constraints: Vec::new(),
        without_rowid: false,
        strict: false,
    };
    for item in split_commas(&rest[1..close]) {
        let starts_constraint = item
            .first()
            .is_some_and(|t| TABLE_CONSTRAINT_STARTS.iter().any(|k| t.is_kw(k)));
        if starts_constraint {
            def.constraints.push(item.to_vec());
        } else {
            def.columns.push(parse_column(item)?);
        }
    }
    for option in split_commas(&rest[close + 1..]) {
        if option.first().is_some_and(|t| t.is_kw("WITHOUT")) {
            def.without_rowid = true;
        } else if option.first().is_some_and(|t| t.is_kw("STRICT")) {
            def.strict = true;
        }
    }
    Some(def)
}

/// Parses one column definition (also used for `ADD COLUMN` text).
pub(crate) fn parse_column(item: &[Tok]) -> Option<ColumnDef> {
    let name = item.first()?.name()?;
    let body = &item[1..];
    let starts = constraint_starts(body);
    let type_end = starts.first().copied().unwrap_or(body.len());
    let mut constraints = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(body.len());
        constraints.push(body[start..end].to_vec());
    }
    Some(ColumnDef {
        name,
        type_tokens: body[..type_end].to_vec(),
        constraints,
    })
}

/// Positions (at parenthesis depth 0) where a column constraint starts.
fn constraint_starts(body: &[Tok]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth = 0usize;
    for (i, tok) in body.iter().enumerate() {
        if tok.is_op("(") {
            depth += 1;
        } else if tok.is_op(")") {
            depth = depth.saturating_sub(1);
        }
        if depth > 0 || !COLUMN_CONSTRAINT_STARTS.iter().any(|k| tok.is_kw(k)) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &body[p]);
        let next = body.get(i + 1);
        let prev_is = |k: &str| prev.is_some_and(|p| p.is_kw(k));
        let continues = match () {
            // `CONSTRAINT name PRIMARY KEY`: the keyword after the name is the same constraint.
            _ if i >= 2 && body[i - 2].is_kw("CONSTRAINT") => true,
            _ if tok.is_kw("NOT") => !next.is_some_and(|n| n.is_kw("NULL")),
            _ if tok.is_kw("NULL") => ["NOT", "SET", "DEFAULT", "IS"].iter().any(|k| prev_is(k)),
            _ if tok.is_kw("DEFAULT") => prev_is("SET"),
            _ if tok.is_kw("AS") => prev_is("ALWAYS"),
            _ => false,
        };
        if !continues {
            starts.push(i);
        }
    }
    starts
}

impl TableDef {
    /// Canonical `CREATE TABLE` text: columns first, then table constraints (SQLite's
    /// `ADD COLUMN` may leave the new column after them), the name quoted.
    pub(crate) fn canonical(&self) -> String {
        let mut items: Vec<String> = self.columns.iter().map(ColumnDef::canonical).collect();
        items.extend(self.constraints.iter().map(|c| canon(c)));
        let mut sql = format!(
            "CREATE TABLE {} ({})",
            quote_ident(&self.name),
            items.join(", ")
        );
        let mut options = Vec::new();
        if self.without_rowid {
            options.push("WITHOUT ROWID");
        }
        if self.strict {
            options.push("STRICT");
        }
        if !options.is_empty() {
            sql.push(' ');
            sql.push_str(&options.join(", "));
        }
        sql
    }

    /// `AUTOINCREMENT` on a column's primary key.
    pub(crate) fn autoincrement(&self) -> bool {
        self.columns
            .iter()
            .flat_map(|c| &c.constraints)
            .any(|c| c.iter().any(|t| t.is_kw("AUTOINCREMENT")))
    }

    /// Every constraint, column-level ones lifted to table level, with synthetic names for
    /// the unnamed ones. Names are unique within the table.
    pub(crate) fn lifted_constraints(&self) -> Vec<LiftedConstraint> {
        let mut out: Vec<LiftedConstraint> = Vec::new();
        for column in &self.columns {
            for tokens in &column.constraints {
                if let Some(c) = lift_column_constraint(&self.name, &column.name, tokens) {
                    push_unique_name(&mut out, c);
                }
            }
        }
        for tokens in &self.constraints {
            if let Some(c) = lift_table_constraint(&self.name, tokens) {
                push_unique_name(&mut out, c);
            }
        }
        out
    }
}

impl ColumnDef {
    /// Canonical column text: `"name" TYPE constraint..`.
    pub(crate) fn canonical(&self) -> String {
        let mut parts = vec![quote_ident(&self.name)];
        if !self.type_tokens.is_empty() {
            parts.push(canon_type(&self.type_tokens));
        }
        parts.extend(self.constraints.iter().map(|c| canon(c)));
        parts.join(" ")
    }

    /// The constraint whose (unnamed part) starts with `keyword`.
    pub(crate) fn constraint(&self, keyword: &str) -> Option<&[Tok]> {
        self.constraints
            .iter()
            .map(|c| strip_name(c).1)
            .find(|c| c.first().is_some_and(|t| t.is_kw(keyword)))
    }

    /// The collation name, upper-cased (SQLite matches collation names without case).
    pub(crate) fn collation(&self) -> Option<String> {
        Some(self.constraint("COLLATE")?.get(1)?.name()?.to_uppercase())
    }

    /// The generated-column expression, canonical, when declared.
    pub(crate) fn generated(&self) -> Option<String> {
        let tokens = self
            .constraint("GENERATED")
            .or_else(|| self.constraint("AS"))?;
        let open = tokens.iter().position(|t| t.is_op("("))?;
        let close = matching_paren(tokens, open)?;
        Some(canon(&tokens[open + 1..close]))
    }
}

/// Splits off `CONSTRAINT name`, returning the name and the rest.
fn strip_name(tokens: &[Tok]) -> (Option<String>, &[Tok]) {
    if tokens.first().is_some_and(|t| t.is_kw("CONSTRAINT")) && tokens.len() >= 2 {
        (tokens[1].name(), &tokens[2..])
    } else {
        (None, tokens)
    }
}

fn push_unique_name(out: &mut Vec<LiftedConstraint>, mut c: LiftedConstraint) {
    let base = c.name.clone();
    let mut n = 2;
    while out.iter().any(|o| o.name == c.name) {
        c.name = format!("{base}_{n}");
        n += 1;
    }
    out.push(c);
}

fn synthetic_name(table: &str, columns: &[String], suffix: &str) -> String {
    let mut parts = vec![table.to_string()];
    parts.extend(columns.iter().cloned());
    parts.push(suffix.to_string());
    parts.join("_")
}

fn lift_column_constraint(table: &str, column: &str, tokens: &[Tok]) -> Option<LiftedConstraint> {
    let (name, body) = strip_name(tokens);
    let first = body.first()?;
    let columns = vec![column.to_string()];
    let col = Tok::Ident(column.to_string());
    let (kind, lifted, suffix): (ConstraintKind, Vec<Tok>, String) = if first.is_kw("PRIMARY") {
        // PRIMARY KEY [ASC|DESC] [ON CONFLICT x] [AUTOINCREMENT]
        let mut list = vec![Tok::Op("("), col];
        let mut rest = &body[2.min(body.len())..];
        if let Some(order) = rest.first().filter(|t| t.is_kw("ASC") || t.is_kw("DESC")) {
            list.push(order.clone());
            rest = &rest[1..];
        }
        list.push(Tok::Op(")"));
        let tail: Vec<Tok> = rest
            .iter()
            .filter(|t| !t.is_kw("AUTOINCREMENT"))
            .cloned()
            .collect();
        let lifted = [&body[..2.min(body.len())], &list[..], &tail[..]].concat();
        (ConstraintKind::PrimaryKey, lifted, "pkey".into())
    } else if first.is_kw("UNIQUE") {
        let lifted = [
            &body[..1],
            &[Tok::Op("("), col, Tok::Op(")")][..],
            &body[1..],
        ]
        .concat();
        (ConstraintKind::Unique, lifted, "key".into())
    } else if first.is_kw("CHECK") {
        let suffix = format!("check_{}", short_hash(&canon(body)));
        (ConstraintKind::Check, body.to_vec(), suffix)
    } else if first.is_kw("REFERENCES") {
        let head = [
            Tok::Word("FOREIGN".into()),
            Tok::Word("KEY".into()),
            Tok::Op("("),
            col,
            Tok::Op(")"),
        ];
        (
            ConstraintKind::ForeignKey,
            [&head[..], body].concat(),
            "fkey".into(),
        )
    } else {
        return None;
    };
    let references = (kind == ConstraintKind::ForeignKey)
        .then(|| body.get(1).and_then(Tok::name))
        .flatten();
    Some(LiftedConstraint {
        name: name.unwrap_or_else(|| synthetic_name(table, &columns, &suffix)),
        kind,
        definition: canon(&lifted),
        columns,
        references,
    })
}

fn lift_table_constraint(table: &str, tokens: &[Tok]) -> Option<LiftedConstraint> {
    let (name, body) = strip_name(tokens);
    let first = body.first()?;
    let (kind, suffix) = if first.is_kw("PRIMARY") {
        (ConstraintKind::PrimaryKey, "pkey".to_string())
    } else if first.is_kw("UNIQUE") {
        (ConstraintKind::Unique, "key".to_string())
    } else if first.is_kw("CHECK") {
        (
            ConstraintKind::Check,
            format!("check_{}", short_hash(&canon(body))),
        )
    } else if first.is_kw("FOREIGN") {
        (ConstraintKind::ForeignKey, "fkey".to_string())
    } else {
        return None;
    };
    let columns = if kind == ConstraintKind::Check {
        Vec::new()
    } else {
        first_paren_names(body)
    };
    let references = if kind == ConstraintKind::ForeignKey {
        let at = body.iter().position(|t| t.is_kw("REFERENCES"))?;
        body.get(at + 1).and_then(Tok::name)
    } else {
        None
    };
    Some(LiftedConstraint {
        name: name.unwrap_or_else(|| synthetic_name(table, &columns, &suffix)),
        kind,
        definition: canon(body),
        columns,
        references,
    })
}

/// The leading name of each item in the first parenthesised list (`(a COLLATE x, b DESC)`).
fn first_paren_names(tokens: &[Tok]) -> Vec<String> {
    let Some(open) = tokens.iter().position(|t| t.is_op("(")) else {
        return Vec::new();
    };
    let Some(close) = matching_paren(tokens, open) else {
        return Vec::new();
    };
    split_commas(&tokens[open + 1..close])
        .iter()
        .filter_map(|item| item.first().and_then(Tok::name))
        .collect()
}

/// Finds `CREATE [TEMP] <kind> [IF NOT EXISTS] [schema.]name` and returns the name and
/// the index of the token after it.
pub(crate) fn object_name(tokens: &[Tok], kind: &str) -> Option<(String, usize)> {
    let at = tokens.iter().take(4).position(|t| t.is_kw(kind))?;
    let mut i = at + 1;
    if tokens.get(i).is_some_and(|t| t.is_kw("IF")) {
        i += 3;
    }
    let mut name = tokens.get(i)?.name()?;
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_op(".")) {
        name = tokens.get(i + 1)?.name()?;
        i += 2;
    }
    Some((name, i))
}

/// Canonical text of a stored `CREATE INDEX|VIEW|TRIGGER`: `TEMP`, `IF NOT EXISTS` and
/// any schema qualifier on the name dropped, the name quoted.
pub(crate) fn canonical_create(sql: &str, kind: &str) -> String {
    let tokens = tokenize(sql);
    let Some((name, rest)) = object_name(&tokens, kind) else {
        return canon(&tokens);
    };
    let mut head = vec![Tok::Word("CREATE".into())];
    if tokens.iter().take(3).any(|t| t.is_kw("UNIQUE")) {
        head.push(Tok::Word("UNIQUE".into()));
    }
    head.push(Tok::Word(kind.into()));
    head.push(Tok::Ident(name));
    canon(&[&head[..], &tokens[rest..]].concat())
}

/// Index of the `)` matching the `(` at `open`.
pub(crate) fn matching_paren(tokens: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, tok) in tokens.iter().enumerate().skip(open) {
        if tok.is_op("(") {
            depth += 1;
        } else if tok.is_op(")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Splits at commas outside parentheses; empty items are dropped.
pub(crate) fn split_commas(tokens: &[Tok]) -> Vec<&[Tok]> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, tok) in tokens.iter().enumerate() {
        if tok.is_op("(") {
            depth += 1;
        } else if tok.is_op(")") {
            depth = depth.saturating_sub(1);
        } else if tok.is_op(",") && depth == 0 {
            items.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    items.push(&tokens[start..]);
    items.retain(|item| !item.is_empty());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(sql: &str) -> TableDef {
        parse_create_table(sql).expect("parses")
    }

    #[test]
    fn canonical_table_text() {
        let def = table(
            "create table if not exists main.Users ( id integer primary key autoincrement,\n\
             email varchar( 255 ) not null unique collate nocase, -- login\n\
             org_id int references orgs(id) on delete cascade, check (length(email) > 3) ) strict",
        );
        assert_eq!(def.name, "Users");
        assert!(def.autoincrement());
        assert!(def.strict && !def.without_rowid);
        assert_eq!(
            def.canonical(),
            r#"CREATE TABLE "Users" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "email" VARCHAR(255) NOT NULL UNIQUE COLLATE NOCASE, "org_id" INT REFERENCES "orgs"("id") ON DELETE CASCADE, CHECK (length("email") > 3)) STRICT"#
        );
        assert_eq!(def.columns[1].collation().as_deref(), Some("NOCASE"));
    }

    #[test]
    fn rebuilt_and_added_columns_compare_equal() {
        let fresh = table("CREATE TABLE t (a INTEGER, b TEXT DEFAULT 'x', UNIQUE (a))");
        let renamed = table("CREATE TABLE \"t\"(a INTEGER, b TEXT DEFAULT 'x', UNIQUE(a))");
        let appended = table("CREATE TABLE t (a INTEGER, UNIQUE (a), b TEXT DEFAULT 'x')");
        assert_eq!(fresh.canonical(), renamed.canonical());
        assert_eq!(fresh.canonical(), appended.canonical());
        let again = table(&fresh.canonical());
        assert_eq!(again.canonical(), fresh.canonical());
    }

    #[test]
    fn lifts_column_and_table_constraints() {
        let def = table(
            "CREATE TABLE t (a INT CONSTRAINT a_pk PRIMARY KEY DESC ON CONFLICT ROLLBACK, \
             b INT UNIQUE CHECK (b > 0) REFERENCES p ON UPDATE SET NULL NOT DEFERRABLE, \
             c TEXT, UNIQUE (b, c), CONSTRAINT fk FOREIGN KEY (c) REFERENCES q(x), CHECK (c <> ''))",
        );
        let lifted = def.lifted_constraints();
        type Row = (String, ConstraintKind, String, Vec<String>, Option<String>);
        let summary: Vec<Row> = lifted
            .into_iter()
            .map(|c| (c.name, c.kind, c.definition, c.columns, c.references))
            .collect();
        let check_b = format!("t_b_check_{}", short_hash(r#"CHECK ("b" > 0)"#));
        let check_c = format!("t_check_{}", short_hash(r#"CHECK ("c" <> '')"#));
        assert_eq!(
            summary,
            vec![
                (
                    "a_pk".into(),
                    ConstraintKind::PrimaryKey,
                    r#"PRIMARY KEY ("a" DESC) ON CONFLICT ROLLBACK"#.into(),
                    vec!["a".into()],
                    None
                ),
                (
                    "t_b_key".into(),
                    ConstraintKind::Unique,
                    r#"UNIQUE ("b")"#.into(),
                    vec!["b".into()],
                    None
                ),
                (
                    check_b,
                    ConstraintKind::Check,
                    r#"CHECK ("b" > 0)"#.into(),
                    vec!["b".into()],
                    None
                ),
                (
                    "t_b_fkey".into(),
                    ConstraintKind::ForeignKey,
                    r#"FOREIGN KEY ("b") REFERENCES "p" ON UPDATE SET NULL NOT DEFERRABLE"#.into(),
                    vec!["b".into()],
                    Some("p".into())
                ),
                (
                    "t_b_c_key".into(),
                    ConstraintKind::Unique,
                    r#"UNIQUE ("b", "c")"#.into(),
                    vec!["b".into(), "c".into()],
                    None
                ),
                (
                    "fk".into(),
                    ConstraintKind::ForeignKey,
                    r#"FOREIGN KEY ("c") REFERENCES "q"("x")"#.into(),
                    vec!["c".into()],
                    Some("q".into())
                ),
                (
                    check_c,
                    ConstraintKind::Check,
                    r#"CHECK ("c" <> '')"#.into(),
                    vec![],
                    None
                ),
            ]
        );
    }

    #[test]
    fn column_level_and_table_level_keys_lift_alike() {
        let col = table("CREATE TABLE t (a INT UNIQUE)").lifted_constraints();
        let tab = table("CREATE TABLE t (a INT, UNIQUE (a))").lifted_constraints();
        assert_eq!(col, tab);
    }

    #[test]
    fn generated_columns_and_without_rowid() {
        let def = table(
            "CREATE TABLE t (a INT PRIMARY KEY, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1)) WITHOUT ROWID",
        );
        assert!(def.without_rowid);
        assert_eq!(def.columns[1].generated().as_deref(), Some(r#""a" * 2"#));
        assert_eq!(def.columns[2].generated().as_deref(), Some(r#""a" + 1"#));
        assert!(def.columns[2].type_tokens.is_empty());
    }

    #[test]
    fn canonical_index_view_trigger_headers() {
        assert_eq!(
            canonical_create(
                "CREATE UNIQUE INDEX IF NOT EXISTS main.i ON t (a) WHERE a > 0",
                "INDEX"
            ),
            r#"CREATE UNIQUE INDEX "i" ON "t"("a") WHERE "a" > 0"#
        );
        assert_eq!(
            canonical_create("create temp view v(x) as select 1", "VIEW"),
            r#"CREATE VIEW "v"("x") AS SELECT 1"#
        );
        assert_eq!(
            canonical_create(
                "CREATE TRIGGER \"tr\" AFTER DELETE ON t BEGIN DELETE FROM u WHERE id = old.id; END",
                "TRIGGER"
            ),
            r#"CREATE TRIGGER "tr" AFTER DELETE ON "t" BEGIN DELETE FROM "u" WHERE "id" = OLD."id"; END"#
        );
    }
}
