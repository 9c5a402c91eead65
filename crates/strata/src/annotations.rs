//! Annotations in schema files' comments: `-- strata:renamed-from OLD` and
//! `-- strata:deprecated`, at the end of the line that names a table, column, index,
//! constraint, view, type or schema, or alone on the line just above it.
//!
//! Object naming is SQL syntax both PostgreSQL and SQLite share (`CREATE TABLE name (`,
//! one column or `CONSTRAINT name` per element, `CREATE INDEX name ON`, ...), read with a
//! small tokenizer; the dialect only says how unquoted names fold and which schema a bare
//! name is in. Only file sources have comments to read: database and `exec:` sources
//! have none.
use crate::{LoadError, SqlFile};
use std::path::PathBuf;
use strata_catalog::{ObjectId, QualName};
use strata_diff::Rename;

/// How a database reads a bare name.
#[derive(Debug, Clone, Copy)]
pub struct Naming<'a> {
    /// The schema a bare name is in (`public`, `main`).
    pub default_schema: &'a str,
    /// Unquoted names fold to lower case (PostgreSQL); SQLite keeps them as written.
    pub fold_lower: bool,
}

/// What an annotation says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// `-- strata:renamed-from OLD`: the object was called OLD (same kind, same schema
    /// or table).
    RenamedFrom(ObjectId),
    /// `-- strata:deprecated`: the object is on its way out.
    Deprecated,
}

/// One annotation and the object its line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the annotation.
    pub line: usize,
    /// The object the annotated line names, under its name in the file.
    pub object: ObjectId,
    /// What the annotation says.
    pub mark: Mark,
}

impl Annotation {
    /// The rename hint, for a `renamed-from` annotation.
    pub fn rename(&self) -> Option<Rename> {
        match &self.mark {
            Mark::RenamedFrom(old) => Some(Rename {
                old: old.clone(),
                new: self.object.clone(),
            }),
            Mark::Deprecated => None,
        }
    }
}

/// The rename hints among `annotations`, in file order.
pub fn rename_hints(annotations: &[Annotation]) -> Vec<Rename> {
    annotations.iter().filter_map(Annotation::rename).collect()
}

/// Parses `--rename OLD=NEW` (`public.users=public.accounts` for a table, view, type or
/// index; `public.users.email=public.users.mail` for a column or constraint; `app=core`
/// for a schema), telling the kind from what `live` has under the old name. Parts may be
/// quoted (`public."User"`); bare parts fold as `naming` says.
pub fn parse_rename(
    text: &str,
    naming: Naming,
    live: &strata_catalog::Catalog,
) -> Result<Rename, String> {
    let (old, new) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not OLD=NEW"))?;
    let old = name_parts(old, naming).ok_or_else(|| format!("`{old}` is not a name"))?;
    let new = name_parts(new, naming).ok_or_else(|| format!("`{new}` is not a name"))?;
    let q = |p: &[String]| QualName::new(p[0].clone(), p[1].clone());
    let exists = |id: &ObjectId| strata_diff::exists(live, id);
    let pair = match (old.as_slice(), new.as_slice()) {
        ([a], [b]) => (ObjectId::Schema(a.clone()), ObjectId::Schema(b.clone())),
        ([_, _], [_, _]) => {
            let kinds: [fn(QualName) -> ObjectId; 4] = [
                ObjectId::Table,
                ObjectId::View,
                ObjectId::Type,
                ObjectId::Index,
            ];
            let kind = kinds
                .into_iter()
                .find(|k| exists(&k(q(&old))))
                .unwrap_or(ObjectId::Table);
            (kind(q(&old)), kind(q(&new)))
        }
        ([_, _, a], [_, _, b]) => {
            let (t, u) = (q(&old), q(&new));
            if exists(&ObjectId::Constraint(t.clone(), a.clone())) {
                (
                    ObjectId::Constraint(t, a.clone()),
                    ObjectId::Constraint(u, b.clone()),
                )
            } else {
                (
                    ObjectId::Column(t, a.clone()),
                    ObjectId::Column(u, b.clone()),
                )
            }
        }
        _ => {
            return Err(format!(
                "`{text}`: both sides need the same form: schema, schema.object or schema.table.column"
            ));
        }
    };
    Ok(Rename {
        old: pair.0,
        new: pair.1,
    })
}

/// The dot-separated parts of a name, unquoted and folded.
fn name_parts(text: &str, naming: Naming) -> Option<Vec<String>> {
    let lexed = lex(text.trim());
    let mut parts = Vec::new();
    for (i, t) in lexed.tokens.iter().enumerate() {
        match (&t.tok, i % 2) {
            (Tok::Word(w, quoted), 0) => parts.push(fold(w, *quoted, naming)),
            (Tok::Punct('.'), 1) => {}
            _ => return None,
        }
    }
    (!parts.is_empty() && lexed.tokens.len() % 2 == 1).then_some(parts)
}

/// Every annotation in `files`. An annotation on a line that names nothing, or one that
/// strata does not know, is an error with its `file:line`.
pub fn scan_annotations(files: &[SqlFile], naming: Naming) -> Result<Vec<Annotation>, LoadError> {
    let mut out = Vec::new();
    for file in files {
        scan_file(file, naming, &mut out)?;
    }
    Ok(out)
}

fn scan_file(file: &SqlFile, naming: Naming, out: &mut Vec<Annotation>) -> Result<(), LoadError> {
    let lexed = lex(&file.text);
    if lexed.comments.is_empty() {
        return Ok(());
    }
    let namings = namings(&file.text, &lexed.tokens, naming);
    for c in &lexed.comments {
        let error = |message: String| {
            LoadError {
            path: file.path.clone(),
            line: c.line,
            message,
            statement: String::new(),
            hint: Some(
                "put the annotation at the end of the line that names the object, or alone on the line above it".into(),
            ),
        }
        };
        let (word, rest) = split_word(&c.text);
        let target = if c.alone {
            lexed
                .tokens
                .iter()
                .find(|t| t.line > c.line)
                .map(|t| t.line)
        } else {
            Some(c.line)
        };
        let object = target.and_then(|line| {
            namings
                .iter()
                .find(|(l, _)| *l == line)
                .map(|(_, o)| o.clone())
        });
        let Some(object) = object else {
            return Err(error(format!(
                "`-- strata:{word}` is on a line that names no table, column, index, constraint, view, type or schema"
            )));
        };
        let mark = match word {
            "renamed-from" => {
                let old = parse_old(rest, &object, naming).ok_or_else(|| {
                    error(format!(
                        "`-- strata:renamed-from` needs the old name (an SQL identifier), got `{}`",
                        rest.trim()
                    ))
                })?;
                Mark::RenamedFrom(old)
            }
            "deprecated" if rest.trim().is_empty() => Mark::Deprecated,
            _ => {
                return Err(LoadError {
                    hint: Some(
                        "strata knows `-- strata:renamed-from OLD` and `-- strata:deprecated` here"
                            .into(),
                    ),
                    ..error(format!("unknown annotation `-- strata:{}`", c.text.trim()))
                });
            }
        };
        out.push(Annotation {
            path: file.path.clone(),
            line: c.line,
            object,
            mark,
        });
    }
    Ok(())
}

/// `word rest` of an annotation's text.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], &text[end..])
}

/// The old name of `object`: one identifier (for a table-level object it may be
/// qualified), in the same schema or table as `object`.
fn parse_old(text: &str, object: &ObjectId, naming: Naming) -> Option<ObjectId> {
    let lexed = lex(text);
    let parts: Vec<&Tok> = lexed.tokens.iter().map(|t| &t.tok).collect();
    let name = |t: &Tok| match t {
        Tok::Word(w, quoted) => Some(fold(w, *quoted, naming)),
        _ => None,
    };
    let (schema, old) = match parts.as_slice() {
        [one] => (None, name(one)?),
        [s, Tok::Punct('.'), n] => (Some(name(s)?), name(n)?),
        _ => return None,
    };
    let in_schema = |q: &QualName| QualName::new(schema.clone().unwrap_or(q.schema.clone()), &old);
    Some(match object {
        ObjectId::Schema(_) if schema.is_none() => ObjectId::Schema(old),
        ObjectId::Table(q) => ObjectId::Table(in_schema(q)),
        ObjectId::View(q) => ObjectId::View(in_schema(q)),
        ObjectId::Type(q) => ObjectId::Type(in_schema(q)),
        ObjectId::Index(q) => ObjectId::Index(in_schema(q)),
        ObjectId::Column(t, _) if schema.is_none() => ObjectId::Column(t.clone(), old),
        ObjectId::Constraint(t, _) if schema.is_none() => ObjectId::Constraint(t.clone(), old),
        _ => return None,
    })
}

fn fold(word: &str, quoted: bool, naming: Naming) -> String {
    if quoted || !naming.fold_lower {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A word or identifier, unquoted, and whether it was quoted.
    Word(String, bool),
    Punct(char),
    /// A string literal, a number or a dollar-quoted body.
    Other,
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// A `-- strata:` comment.
#[derive(Debug)]
struct Comment {
    line: usize,
    /// The text after `strata:`.
    text: String,
    /// Nothing but whitespace before it on its line.
    alone: bool,
}

struct Lexed {
    tokens: Vec<Token>,
    comments: Vec<Comment>,
}

/// Tokens with their lines, and the `-- strata:` comments. Strings, quoted identifiers,
/// block comments and dollar-quoted bodies are skipped whole.
fn lex(text: &str) -> Lexed {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut comments = Vec::new();
    let (mut i, mut line) = (0, 1);
    // Skips to `end` (exclusive), counting lines.
    let advance = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count();
        to
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '-' && next == Some('-') {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |p| i + p);
            let body: String = chars[i + 2..end].iter().collect();
            if let Some(rest) = body.trim_start().strip_prefix("strata:") {
                let alone = tokens.last().is_none_or(|t| t.line < line);
                comments.push(Comment {
                    line,
                    text: rest.to_string(),
                    alone,
                });
            }
            i = end;
        } else if c == '/' && next == Some('*') {
            let end = find(&chars, i + 2, "*/").map_or(chars.len(), |p| p + 2);
            i = advance(i, end, &mut line);
        } else if c == '\'' {
            let start_line = line;
            let end = closing(&chars, i, '\'');
            i = advance(i, end, &mut line);
            tokens.push(Token {
                tok: Tok::Other,
                line: start_line,
            });
        } else if c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            let start_line = line;
            let end = closing(&chars, i, close);
            let inner: String = chars[i + 1..end.saturating_sub(1).max(i + 1)]
                .iter()
                .collect();
            let doubled = format!("{close}{close}");
            i = advance(i, end, &mut line);
            tokens.push(Token {
                tok: Tok::Word(inner.replace(&doubled, &close.to_string()), true),
                line: start_line,
            });
        } else if c == '$'
            && let Some(tag_end) = dollar_tag(&chars, i)
        {
            let tag: String = chars[i..=tag_end].iter().collect();
            let start_line = line;
            let end = find(&chars, tag_end + 1, &tag).map_or(chars.len(), |p| p + tag.len());
            i = advance(i, end, &mut line);
            tokens.push(Token {
                tok: Tok::Other,
                line: start_line,
            });
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let tok = if c.is_ascii_digit() {
                Tok::Other
            } else {
                Tok::Word(word, false)
            };
            tokens.push(Token { tok, line });
        } else {
            tokens.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    Lexed { tokens, comments }
}

/// Index of the first `pattern` at or after `from`.
fn find(chars: &[char], from: usize, pattern: &str) -> Option<usize> {
    let p: Vec<char> = pattern.chars().collect();
    (from..chars.len().saturating_sub(p.len() - 1)).find(|&i| chars[i..i + p.len()] == p[..])
}

/// Index just past the quoted run starting at `start`, where a doubled `close` escapes.
fn closing(chars: &[char], start: usize, close: char) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == close {
            if chars.get(i + 1) == Some(&close) && close != ']' {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// The index of the closing `$` of a dollar-quote tag starting at `start`.
fn dollar_tag(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
        if i == start + 1 && chars[i].is_ascii_digit() {
            return None; // `$1` is a parameter
        }
        i += 1;
    }
    (chars.get(i) == Some(&'$')).then_some(i)
}

/// The objects the statements of a file name, each with the line its name is on.
fn namings(text: &str, tokens: &[Token], naming: Naming) -> Vec<(usize, ObjectId)> {
    let starts: Vec<usize> = strata_sqltext::split(text).iter().map(|s| s.line).collect();
    let mut out = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(usize::MAX);
        let stmt: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.line >= *start && t.line < end)
            .take_while(|t| t.tok != Tok::Punct(';'))
            .collect();
        statement_namings(&stmt, naming, &mut out);
    }
    out
}

/// Reads one statement's object names.
struct Reader<'a> {
    toks: &'a [&'a Token],
    i: usize,
    naming: Naming<'a>,
}

impl<'a> Reader<'a> {
    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.toks.get(self.i), Some(Token { tok: Tok::Word(w, false), .. }) if w.eq_ignore_ascii_case(kw))
    }

    fn eat(&mut self, kw: &str) -> bool {
        let found = self.peek_kw(kw);
        if found {
            self.i += 1;
        }
        found
    }

    fn eat_all(&mut self, kws: &[&str]) {
        while kws.iter().any(|k| self.eat(k)) {}
    }

    /// A possibly qualified name and the line of its last part.
    fn name(&mut self) -> Option<(QualName, usize)> {
        let first = self.word()?;
        if matches!(
            self.toks.get(self.i),
            Some(Token {
                tok: Tok::Punct('.'),
                ..
            })
        ) {
            self.i += 1;
            let (second, line) = self.word_line()?;
            return Some((QualName::new(first, second), line));
        }
        let line = self.toks[self.i - 1].line;
        Some((QualName::new(self.naming.default_schema, first), line))
    }

    fn word(&mut self) -> Option<String> {
        self.word_line().map(|(w, _)| w)
    }

    fn word_line(&mut self) -> Option<(String, usize)> {
        match self.toks.get(self.i) {
            Some(Token {
                tok: Tok::Word(w, quoted),
                line,
            }) => {
                self.i += 1;
                Some((fold(w, *quoted, self.naming), *line))
            }
            _ => None,
        }
    }

    fn punct(&self) -> Option<char> {
        match self.toks.get(self.i) {
            Some(Token {
                tok: Tok::Punct(c), ..
            }) => Some(*c),
            _ => None,
        }
    }
}

fn statement_namings(toks: &[&Token], naming: Naming, out: &mut Vec<(usize, ObjectId)>) {
    let mut r = Reader { toks, i: 0, naming };
    if r.eat("ALTER") && r.eat("TABLE") {
        r.eat_all(&["ONLY", "IF", "EXISTS"]);
        if let Some((table, _)) = r.name() {
            alter_table(&mut r, &table, out);
        }
        return;
    }
    r.i = 0;
    if !r.eat("CREATE") {
        return;
    }
    r.eat_all(&[
        "OR",
        "REPLACE",
        "UNLOGGED",
        "TEMP",
        "TEMPORARY",
        "GLOBAL",
        "LOCAL",
        "UNIQUE",
    ]);
    let exists = |r: &mut Reader| r.eat_all(&["IF", "NOT", "EXISTS", "CONCURRENTLY"]);
    if r.eat("TABLE") {
        exists(&mut r);
        if let Some((table, line)) = r.name() {
            out.push((line, ObjectId::Table(table.clone())));
            table_elements(&mut r, &table, out);
        }
    } else if r.eat("SCHEMA") {
        exists(&mut r);
        if let Some((s, line)) = r.word_line() {
            out.push((line, ObjectId::Schema(s)));
        }
    } else if r.eat("MATERIALIZED") || r.peek_kw("VIEW") || r.peek_kw("RECURSIVE") {
        r.eat_all(&["RECURSIVE", "VIEW"]);
        exists(&mut r);
        if let Some((v, line)) = r.name() {
            out.push((line, ObjectId::View(v)));
        }
    } else if r.eat("TYPE") || r.eat("DOMAIN") {
        if let Some((t, line)) = r.name() {
            out.push((line, ObjectId::Type(t)));
        }
    } else if r.eat("INDEX") {
        exists(&mut r);
        let Some((index, line)) = r.word_line() else {
            return;
        };
        // An index lives in its table's schema.
        if r.eat("ON") {
            r.eat("ONLY");
            if let Some((table, _)) = r.name() {
                out.push((line, ObjectId::Index(QualName::new(table.schema, index))));
            }
        }
    }
}

/// `CREATE TABLE t ( element, ... )`: a column or a named constraint per element.
fn table_elements(r: &mut Reader, table: &QualName, out: &mut Vec<(usize, ObjectId)>) {
    if r.punct() != Some('(') {
        return;
    }
    r.i += 1;
    let mut start = true;
    let mut depth = 0;
    while r.i < r.toks.len() {
        match r.punct() {
            Some('(') => depth += 1,
            Some(')') if depth == 0 => return,
            Some(')') => depth -= 1,
            Some(',') if depth == 0 => {
                start = true;
                r.i += 1;
                continue;
            }
            _ => {}
        }
        if start {
            start = false;
            element(r, table, out);
            continue;
        }
        r.i += 1;
    }
}

/// One table element at the reader: a column, `CONSTRAINT name ...`, or an unnamed
/// constraint (which names nothing).
fn element(r: &mut Reader, table: &QualName, out: &mut Vec<(usize, ObjectId)>) {
    const UNNAMED: &[&str] = &["PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"];
    if r.eat("CONSTRAINT") {
        if let Some((c, line)) = r.word_line() {
            out.push((line, ObjectId::Constraint(table.clone(), c)));
        }
    } else if UNNAMED.iter().any(|k| r.peek_kw(k)) {
        r.i += 1;
    } else if let Some((c, line)) = r.word_line() {
        out.push((line, ObjectId::Column(table.clone(), c)));
    } else {
        r.i += 1;
    }
}

/// `ALTER TABLE t ADD [COLUMN] c ...`, `ADD CONSTRAINT c ...` or `ALTER [COLUMN] c ...`
/// (the statement a revision marks an existing column with).
fn alter_table(r: &mut Reader, table: &QualName, out: &mut Vec<(usize, ObjectId)>) {
    if r.eat("ALTER") {
        r.eat("COLUMN");
        if let Some((c, line)) = r.word_line() {
            out.push((line, ObjectId::Column(table.clone(), c)));
        }
        return;
    }
    if !r.eat("ADD") {
        return;
    }
    if r.eat("CONSTRAINT") {
        if let Some((c, line)) = r.word_line() {
            out.push((line, ObjectId::Constraint(table.clone(), c)));
        }
        return;
    }
    r.eat("COLUMN");
    r.eat_all(&["IF", "NOT", "EXISTS"]);
    if let Some((c, line)) = r.word_line() {
        out.push((line, ObjectId::Column(table.clone(), c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PG: Naming = Naming {
        default_schema: "public",
        fold_lower: true,
    };

    fn scan(text: &str) -> Result<Vec<Annotation>, LoadError> {
        let file = SqlFile {
            path: "schema.sql".into(),
            text: text.into(),
        };
        scan_annotations(&[file], PG)
    }

    fn q(n: &str) -> QualName {
        QualName::new("public", n)
    }

    #[test]
    fn end_of_line_and_line_above_name_tables_columns_and_constraints() {
        let found = scan(
            "CREATE TABLE profiles ( -- strata:renamed-from \"user accounts\"\n\
             id integer PRIMARY KEY,\n\
             -- strata:renamed-from email\n\
             Mail text, -- strata:deprecated\n\
             CONSTRAINT mail_check CHECK (mail <> '') -- strata:renamed-from email_check\n\
             );\n\
             CREATE INDEX profiles_mail ON app.profiles (mail); -- strata:renamed-from users_email\n",
        )
        .unwrap();
        let renames = rename_hints(&found);
        assert_eq!(
            renames,
            vec![
                Rename {
                    old: ObjectId::Table(q("user accounts")),
                    new: ObjectId::Table(q("profiles")),
                },
                Rename {
                    old: ObjectId::Column(q("profiles"), "email".into()),
                    new: ObjectId::Column(q("profiles"), "mail".into()),
                },
                Rename {
                    old: ObjectId::Constraint(q("profiles"), "email_check".into()),
                    new: ObjectId::Constraint(q("profiles"), "mail_check".into()),
                },
                Rename {
                    old: ObjectId::Index(QualName::new("app", "users_email")),
                    new: ObjectId::Index(QualName::new("app", "profiles_mail")),
                },
            ]
        );
        let deprecated: Vec<&ObjectId> = found
            .iter()
            .filter(|a| a.mark == Mark::Deprecated)
            .map(|a| &a.object)
            .collect();
        assert_eq!(
            deprecated,
            [&ObjectId::Column(q("profiles"), "mail".into())]
        );
    }

    #[test]
    fn an_altered_column_can_be_marked() {
        let found = scan(
            "ALTER TABLE users ALTER COLUMN email DROP NOT NULL; -- strata:deprecated\n\
             -- strata:deprecated\nALTER TABLE app.t ALTER n SET DEFAULT 0;\n",
        )
        .unwrap();
        let objects: Vec<&ObjectId> = found.iter().map(|a| &a.object).collect();
        assert_eq!(
            objects,
            [
                &ObjectId::Column(q("users"), "email".into()),
                &ObjectId::Column(QualName::new("app", "t"), "n".into()),
            ]
        );
    }

    #[test]
    fn views_types_schemas_and_added_columns() {
        let found = scan(
            "CREATE SCHEMA app; -- strata:renamed-from old_app\n\
             CREATE TYPE mood AS ENUM ('a'); -- strata:renamed-from feeling\n\
             CREATE OR REPLACE VIEW v AS SELECT 1; -- strata:renamed-from w\n\
             ALTER TABLE t ADD COLUMN c int; -- strata:renamed-from b\n",
        )
        .unwrap();
        let news: Vec<ObjectId> = found.into_iter().map(|a| a.object).collect();
        assert_eq!(
            news,
            vec![
                ObjectId::Schema("app".into()),
                ObjectId::Type(q("mood")),
                ObjectId::View(q("v")),
                ObjectId::Column(q("t"), "c".into()),
            ]
        );
    }

    #[test]
    fn an_annotation_on_a_line_naming_nothing_is_an_error_with_its_line() {
        let err =
            scan("CREATE TABLE t (\n  id int,\n  PRIMARY KEY (id) -- strata:renamed-from x\n);\n")
                .unwrap_err();
        assert_eq!((err.path.to_str(), err.line), (Some("schema.sql"), 3));
        assert!(err.message.contains("names no table"), "{}", err.message);
        let err = scan("SELECT 1; -- strata:deprecated\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = scan("CREATE TABLE t (id int); -- strata:renamed-from\n").unwrap_err();
        assert!(
            err.message.contains("needs the old name"),
            "{}",
            err.message
        );
    }

    #[test]
    fn rename_flags_tell_the_kind_from_the_live_schema() {
        let mut live =
            strata_catalog::testing::cat_with_tables(vec![strata_catalog::testing::table(
                "users",
                &[("email", "text")],
            )]);
        live.views.clear();
        let r = parse_rename("public.users=public.accounts", PG, &live).unwrap();
        assert_eq!(r.old, ObjectId::Table(q("users")));
        let r = parse_rename("public.users.Email=public.users.\"Mail\"", PG, &live).unwrap();
        assert_eq!(r.old, ObjectId::Column(q("users"), "email".into()));
        assert_eq!(r.new, ObjectId::Column(q("users"), "Mail".into()));
        assert_eq!(
            parse_rename("app=core", PG, &live).unwrap().new,
            ObjectId::Schema("core".into())
        );
        assert!(parse_rename("public.users", PG, &live).is_err());
        assert!(parse_rename("public.users=accounts", PG, &live).is_err());
    }

    #[test]
    fn comments_inside_strings_and_other_comments_are_not_annotations() {
        let found = scan(
            "CREATE TABLE t (c text DEFAULT '-- strata:deprecated');\n/* -- strata:deprecated */\n",
        )
        .unwrap();
        assert!(found.is_empty());
    }
}
