//! A small SQLite tokenizer and the canonical text built from its tokens.
//!
//! Canonical text exists so that two loads of the same schema compare equal whatever the
//! spelling: comments dropped, whitespace folded, keywords in upper case, identifiers
//! double-quoted. It must be idempotent (canonicalising canonical text changes nothing),
//! because strata executes canonical text and reads the result back.

use strata_sqltext::quote_ident;

/// One lexical token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare word: keyword, identifier, function or type name.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``, `[x]`), unquoted.
    Ident(String),
    /// A string literal, as written (with its quotes).
    Str(String),
    /// A numeric literal, as written.
    Num(String),
    /// A blob literal `X'..'`.
    Blob(String),
    /// A bound parameter (`?1`, `:name`).
    Var(String),
    /// An operator or punctuation.
    Op(&'static str),
}

impl Tok {
    /// True for a bare word equal (ignoring case) to `keyword`.
    pub(crate) fn is_kw(&self, keyword: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(keyword))
    }

    /// True for the operator `op`.
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(self, Tok::Op(o) if *o == op)
    }

    /// The name a word, quoted identifier or string token stands for.
    pub(crate) fn name(&self) -> Option<String> {
        match self {
            Tok::Word(w) | Tok::Ident(w) => Some(w.clone()),
            Tok::Str(s) => Some(unquote_string(s)),
            _ => None,
        }
    }
}

const OPERATORS: [&str; 26] = [
    "->>", "||", "->", "<=", ">=", "<>", "!=", "==", "<<", ">>", "(", ")", ",", ";", ".", "+", "-",
    "*", "/", "%", "<", ">", "=", "&", "|", "~",
];

/// Splits SQL text into tokens, dropping whitespace and comments. Unterminated quotes run
/// to the end of the text: the input comes from the database, which already parsed it.
pub(crate) fn tokenize(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && next == Some('-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            let end = quoted_end(&chars, i, '\'');
            out.push(Tok::Str(chars[i..end].iter().collect()));
            i = end;
        } else if (c == 'x' || c == 'X') && next == Some('\'') {
            let end = quoted_end(&chars, i + 1, '\'');
            let body: String = chars[i + 1..end].iter().collect();
            out.push(Tok::Blob(format!("X{body}")));
            i = end;
        } else if c == '"' || c == '`' {
            let end = quoted_end(&chars, i, c);
            out.push(Tok::Ident(unquote(&chars[i..end], c)));
            i = end;
        } else if c == '[' {
            let end = chars[i..]
                .iter()
                .position(|&x| x == ']')
                .map_or(chars.len(), |p| i + p + 1);
            let inner = &chars[i + 1..end.saturating_sub(1).max(i + 1)];
            out.push(Tok::Ident(inner.iter().collect()));
            i = end;
        } else if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            let end = number_end(&chars, i);
            out.push(Tok::Num(chars[i..end].iter().collect()));
            i = end;
        } else if is_word_start(c) {
            let end = word_end(&chars, i);
            out.push(Tok::Word(chars[i..end].iter().collect()));
            i = end;
        } else if matches!(c, '?' | ':' | '@' | '$') {
            let end = word_end(&chars, i + 1);
            out.push(Tok::Var(chars[i..end].iter().collect()));
            i = end;
        } else {
            let rest: String = chars[i..(i + 3).min(chars.len())].iter().collect();
            match OPERATORS.iter().find(|op| rest.starts_with(**op)) {
                Some(op) => {
                    out.push(Tok::Op(op));
                    i += op.len();
                }
                // Anything else is not valid SQLite; skip it rather than fail.
                None => i += 1,
            }
        }
    }
    out
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || !c.is_ascii()
}

fn word_end(chars: &[char], start: usize) -> usize {
    let mut i = start;
    while i < chars.len()
        && (is_word_start(chars[i]) || chars[i].is_ascii_digit() || chars[i] == '$')
    {
        i += 1;
    }
    i
}

fn number_end(chars: &[char], start: usize) -> usize {
    let mut i = start;
    let hex = chars[i] == '0' && matches!(chars.get(i + 1), Some('x' | 'X'));
    if hex {
        i += 2;
        while i < chars.len() && (chars[i].is_ascii_hexdigit() || chars[i] == '_') {
            i += 1;
        }
        return i;
    }
    while i < chars.len() {
        let c = chars[i];
        let sign_after_exp =
            (c == '+' || c == '-') && i > start && matches!(chars[i - 1], 'e' | 'E');
        if c.is_ascii_digit() || c == '.' || c == '_' || matches!(c, 'e' | 'E') || sign_after_exp {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Index just past the closing quote, honouring doubled quotes.
fn quoted_end(chars: &[char], start: usize, quote: char) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

fn unquote(quoted: &[char], quote: char) -> String {
    let inner: String = quoted
        .iter()
        .skip(1)
        .take(quoted.len().saturating_sub(2))
        .collect();
    let doubled: String = [quote, quote].iter().collect();
    inner.replace(&doubled, &quote.to_string())
}

/// The value of a `'..'` string literal.
pub(crate) fn unquote_string(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    unquote(&chars, '\'')
}

/// SQLite's keywords (sqlite.org/lang_keywords.html).
const KEYWORDS: &[&str] = &[
    "ABORT",
    "ACTION",
    "ADD",
    "AFTER",
    "ALL",
    "ALTER",
    "ALWAYS",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ATTACH",
    "AUTOINCREMENT",
    "BEFORE",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CASCADE",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "CONFLICT",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DEFAULT",
    "DEFERRABLE",
    "DEFERRED",
    "DELETE",
    "DESC",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "EACH",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXCLUDE",
    "EXCLUSIVE",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "FILTER",
    "FIRST",
    "FOLLOWING",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "GENERATED",
    "GLOB",
    "GROUP",
    "GROUPS",
    "HAVING",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INDEXED",
    "INITIALLY",
    "INNER",
    "INSERT",
    "INSTEAD",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MATCH",
    "MATERIALIZED",
    "NATURAL",
    "NO",
    "NOT",
    "NOTHING",
    "NOTNULL",
    "NULL",
    "NULLS",
    "OF",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OTHERS",
    "OUTER",
    "OVER",
    "PARTITION",
    "PLAN",
    "PRAGMA",
    "PRECEDING",
    "PRIMARY",
    "QUERY",
    "RAISE",
    "RANGE",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESTRICT",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "TABLE",
    "TEMP",
    "TEMPORARY",
    "THEN",
    "TIES",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VACUUM",
    "VALUES",
    "VIEW",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "WITHOUT",
];

pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Keywords after which a bare word names a table, index, view, trigger or constraint.
const NAME_INTRODUCERS: &[&str] = &[
    "ON",
    "INTO",
    "REFERENCES",
    "TABLE",
    "INDEX",
    "VIEW",
    "TRIGGER",
    "EXISTS",
    "CONSTRAINT",
];

/// Keywords that keep their keyword meaning right after `AS`.
const AFTER_AS_KEYWORDS: &[&str] = &["SELECT", "VALUES", "WITH", "MATERIALIZED", "NOT"];

/// How a rendered piece affects the spacing around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Keyword,
    /// An identifier or a function/type name: `(` right after it is not spaced.
    Name,
    Literal,
    Open,
    Close,
    /// `,` and `;`.
    Tight,
    Dot,
    Operator,
    UnarySign,
}

/// How bare words that are not keywords are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Words {
    /// Expressions and statements: identifiers get quoted.
    Expression,
    /// Type names: upper-cased, never quoted (SQLite itself reports `integer` as `INTEGER`).
    Type,
}

/// Canonical text of a token run.
pub(crate) fn canon(tokens: &[Tok]) -> String {
    render(tokens, Words::Expression)
}

/// A declared type with whitespace folded and words upper-cased (`VARCHAR(10)`).
pub(crate) fn canon_type(tokens: &[Tok]) -> String {
    render(tokens, Words::Type)
}

/// Canonical text of SQL source.
pub(crate) fn canon_sql(sql: &str) -> String {
    canon(&tokenize(sql))
}

fn render(tokens: &[Tok], words: Words) -> String {
    let mut out = String::new();
    let mut prev: Option<Piece> = None;
    // One entry per open parenthesis: (opened by CAST, AS seen inside it).
    let mut parens: Vec<(bool, bool)> = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| &tokens[p]);
        let after = tokens.get(i + 1);
        let (text, piece) = match tok {
            Tok::Word(w) => {
                let in_cast_type = parens
                    .last()
                    .is_some_and(|&(cast, seen_as)| cast && seen_as);
                if w.eq_ignore_ascii_case("AS")
                    && let Some(top) = parens.last_mut()
                    && top.0
                {
                    top.1 = true;
                }
                render_word(w, before, after, words, in_cast_type)
            }
            Tok::Ident(name) => (quote_ident(name), Piece::Name),
            Tok::Str(s) | Tok::Num(s) | Tok::Blob(s) | Tok::Var(s) => (s.clone(), Piece::Literal),
            Tok::Op(op) => {
                let piece = match *op {
                    "(" => {
                        parens.push((before.is_some_and(|b| b.is_kw("CAST")), false));
                        Piece::Open
                    }
                    ")" => {
                        parens.pop();
                        Piece::Close
                    }
                    "," | ";" => Piece::Tight,
                    "." => Piece::Dot,
                    "-" | "+" if is_unary_position(prev) => Piece::UnarySign,
                    "~" => Piece::UnarySign,
                    _ => Piece::Operator,
                };
                (op.to_string(), piece)
            }
        };
        if needs_space(prev, piece) {
            out.push(' ');
        }
        out.push_str(&text);
        prev = Some(piece);
    }
    out
}

fn is_unary_position(prev: Option<Piece>) -> bool {
    matches!(
        prev,
        None | Some(
            Piece::Keyword | Piece::Open | Piece::Tight | Piece::Operator | Piece::UnarySign
        )
    )
}

fn needs_space(prev: Option<Piece>, piece: Piece) -> bool {
    let Some(prev) = prev else { return false };
    if matches!(piece, Piece::Close | Piece::Tight | Piece::Dot) {
        return false;
    }
    if matches!(prev, Piece::Open | Piece::UnarySign | Piece::Dot) {
        return false;
    }
    !(piece == Piece::Open && prev == Piece::Name)
}

fn render_word(
    word: &str,
    before: Option<&Tok>,
    after: Option<&Tok>,
    words: Words,
    in_cast_type: bool,
) -> (String, Piece) {
    let upper = word.to_ascii_uppercase();
    if words == Words::Type {
        return (upper, Piece::Name);
    }
    // Words SQLite gives meaning by position without listing them as keywords.
    if matches!(upper.as_str(), "TRUE" | "FALSE" | "STORED") {
        return (upper, Piece::Keyword);
    }
    if (upper == "NEW" || upper == "OLD") && after.is_some_and(|a| a.is_op(".")) {
        return (upper, Piece::Name);
    }
    let after_as = before.is_some_and(|b| b.is_kw("AS")) && !in_cast_type;
    if is_keyword(&upper) && names_column(&upper, before, after) {
        // `SELECT key, value`: a keyword SQLite accepts as a name; its case names the
        // view's column, so it is kept.
        return (quote_ident(word), Piece::Name);
    }
    if is_keyword(&upper) {
        if after_as && !AFTER_AS_KEYWORDS.contains(&upper.as_str()) {
            // An alias that happens to be a keyword (`AS key`): keep the name's case.
            return (quote_ident(word), Piece::Name);
        }
        return (upper, Piece::Keyword);
    }
    if in_cast_type || before.is_some_and(|b| b.is_kw("COLLATE")) {
        // Type and collation names are case-insensitive and never need quotes.
        return (upper, Piece::Name);
    }
    let names_object = before
        .is_some_and(|b| b.is_op(".") || NAME_INTRODUCERS.iter().any(|k| b.is_kw(k)) || after_as);
    if !names_object && after.is_some_and(|a| a.is_op("(")) {
        // A function name: kept as written, since quoting one is not always accepted.
        return (word.to_string(), Piece::Name);
    }
    (quote_ident(word), Piece::Name)
}

/// Keywords that make sense standing alone in a list (`RAISE(IGNORE)`, `SET NULL,`).
const STANDALONE_KEYWORDS: &[&str] = &[
    "NULL",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "ABORT",
    "FAIL",
    "ROLLBACK",
    "IGNORE",
    "DEFAULT",
];

/// True when a keyword can only be a name where it stands: next to a `.`, or alone
/// between list separators (`SELECT key, ..`, `(key)`).
fn names_column(upper: &str, before: Option<&Tok>, after: Option<&Tok>) -> bool {
    if before.is_some_and(|b| b.is_op(".")) || after.is_some_and(|a| a.is_op(".")) {
        return true;
    }
    let opens = before
        .is_none_or(|b| b.is_op(",") || b.is_op("(") || b.is_kw("SELECT") || b.is_kw("DISTINCT"));
    let closes =
        after.is_none_or(|a| a.is_op(",") || a.is_op(")") || a.is_kw("FROM") || a.is_kw("AS"));
    opens && closes && before.is_some() && !STANDALONE_KEYWORDS.contains(&upper)
}

/// 32-bit FNV-1a as 8 hex digits: short, stable across platforms and Rust versions.
pub(crate) fn short_hash(text: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_quotes_comments_and_operators() {
        let toks =
            tokenize("SELECT [a b], `c`, \"d\"\"e\", 'it''s' -- x\n/* y */ ->> x'0A' 1.5e-3");
        assert_eq!(
            toks,
            vec![
                Tok::Word("SELECT".into()),
                Tok::Ident("a b".into()),
                Tok::Op(","),
                Tok::Ident("c".into()),
                Tok::Op(","),
                Tok::Ident("d\"e".into()),
                Tok::Op(","),
                Tok::Str("'it''s'".into()),
                Tok::Op("->>"),
                Tok::Blob("X'0A'".into()),
                Tok::Num("1.5e-3".into()),
            ]
        );
    }

    #[test]
    fn canon_quotes_identifiers_and_uppercases_keywords() {
        assert_eq!(
            canon_sql("select a,  b as total from t where x>1 -- c"),
            r#"SELECT "a", "b" AS "total" FROM "t" WHERE "x" > 1"#
        );
        assert_eq!(
            canon_sql("create index i on t(lower(name) collate nocase desc) where deleted is null"),
            r#"CREATE INDEX "i" ON "t"(lower("name") COLLATE NOCASE DESC) WHERE "deleted" IS NULL"#
        );
    }

    #[test]
    fn canon_keeps_cast_types_functions_and_unary_signs() {
        assert_eq!(
            canon_sql("select cast(x as varchar(10)), -1, a - -2, count(*), t.* from t"),
            r#"SELECT CAST ("x" AS VARCHAR(10)), -1, "a" - -2, count(*), "t".* FROM "t""#
        );
    }

    #[test]
    fn canon_handles_trigger_bodies_and_booleans() {
        assert_eq!(
            canon_sql(
                "create trigger tr after insert on t begin insert into log(a) values (new.a, true); end"
            ),
            r#"CREATE TRIGGER "tr" AFTER INSERT ON "t" BEGIN INSERT INTO "log"("a") VALUES (NEW."a", TRUE); END"#
        );
    }

    #[test]
    fn canon_keeps_keywords_used_as_names() {
        assert_eq!(
            canon_sql("select key, t.action, value from kv t where key in (key) order by key desc"),
            r#"SELECT "key", "t"."action", "value" FROM "kv" "t" WHERE KEY IN ("key") ORDER BY KEY DESC"#
        );
        assert_eq!(
            canon_sql("select raise(ignore), raise(abort, 'x'), coalesce(a, null)"),
            r#"SELECT RAISE (IGNORE), RAISE (ABORT, 'x'), coalesce("a", NULL)"#
        );
    }

    #[test]
    fn canon_quotes_keyword_aliases() {
        assert_eq!(
            canon_sql("select a as key from t"),
            r#"SELECT "a" AS "key" FROM "t""#
        );
    }

    #[test]
    fn canon_is_idempotent() {
        for sql in [
            "CREATE VIEW v AS WITH c(x) AS MATERIALIZED (SELECT 1) SELECT x, cast(x as text) AS key FROM c",
            "create trigger tr before update of a, b on t for each row when new.a > -1 begin select raise(abort, 'no'); end",
            "select json_extract(j, '$.a') ->> 'b', x'ff', ?1, :p from json_each('[1]') join t using (id)",
            "CREATE TABLE t (a INTEGER DEFAULT -1 CHECK (a BETWEEN -5 AND +5))",
        ] {
            let once = canon_sql(sql);
            assert_eq!(canon_sql(&once), once, "{sql}");
        }
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(short_hash(""), "811c9dc5");
        assert_eq!(short_hash("a"), "e40c292c");
    }
}
