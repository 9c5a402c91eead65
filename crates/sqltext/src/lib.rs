//! Splits SQL text into statements, keeping the line each starts on, so a failing
//! statement can be reported as `path:line`. It understands enough lexical structure to
//! never split inside a string, a quoted identifier, a comment, a dollar-quoted body
//! (PostgreSQL), a `BEGIN ATOMIC .. END` body (PostgreSQL) or a trigger's `BEGIN .. END`
//! body (SQLite). It does not parse: the database does that.
//!
//! It also holds what PostgreSQL and SQLite share about SQL text, both quoting
//! identifiers with `"` and strings with `'`: quoting ([`quote_ident`], [`quote_literal`],
//! [`Quoted`]) and finding names in text the database rendered ([`qualified_names`],
//! [`mentions`]).
#![deny(missing_docs)]

mod names;
mod quote;

pub use names::{mentions, qualified_names, rename_ident, rename_qualified};
pub use quote::{Quoted, quote_ident, quote_literal};

/// One statement from a SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, trimmed, without its terminating semicolon.
    pub text: String,
    /// 1-based line where the statement starts (its first non-blank, non-comment token).
    pub line: usize,
}

/// Splits `sql` into statements. Empty statements (stray semicolons, comment-only text)
/// are dropped.
pub fn split(sql: &str) -> Vec<Statement> {
    Splitter::new(sql).run()
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    out: Vec<Statement>,
    start: Option<(usize, usize)>,
    /// Words of the current statement seen so far (upper-cased, first few only).
    head: Vec<String>,
    /// Depth of BEGIN/CASE .. END blocks that swallow semicolons.
    block_depth: usize,
    prev_word: String,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str) -> Self {
        Splitter {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line: 1,
            out: Vec::new(),
            start: None,
            head: Vec::new(),
            block_depth: 0,
            prev_word: String::new(),
        }
    }

    fn run(mut self) -> Vec<Statement> {
        while self.pos < self.bytes.len() {
            let c = self.bytes[self.pos];
            match c {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b'-' if self.peek(1) == Some(b'-') => self.skip_line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.skip_block_comment(),
                b';' => {
                    if self.block_depth == 0 {
                        self.finish(self.pos);
                    }
                    self.pos += 1;
                }
                b'\'' => {
                    self.mark();
                    self.skip_quoted(b'\'', self.escape_string_prefix());
                }
                b'"' | b'`' => {
                    self.mark();
                    self.skip_quoted(c, false);
                }
                b'[' if self.in_sqlite_bracket_context() => {
                    self.mark();
                    self.skip_until(b']');
                }
                b'$' if self.dollar_tag().is_some() => {
                    self.mark();
                    self.skip_dollar_quoted();
                }
                c if c.is_ascii_whitespace() => self.pos += 1,
                c if is_word_byte(c) => {
                    self.mark();
                    self.word();
                }
                _ => {
                    self.mark();
                    self.pos += 1;
                }
            }
        }
        self.finish(self.bytes.len());
        self.out
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn mark(&mut self) {
        if self.start.is_none() {
            self.start = Some((self.pos, self.line));
        }
    }

    fn finish(&mut self, end: usize) {
        if let Some((start, line)) = self.start.take() {
            let text = self.src[start..end].trim().to_string();
            if !text.is_empty() {
                self.out.push(Statement { text, line });
            }
        }
        self.head.clear();
        self.block_depth = 0;
        self.prev_word.clear();
    }

    fn count_lines(&mut self, from: usize, to: usize) {
        self.line += self.bytes[from..to].iter().filter(|&&b| b == b'\n').count();
    }

    fn skip_line_comment(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        // PostgreSQL nests block comments; SQLite does not, but nested `/*` inside a
        // SQLite comment is rare enough that treating both the same is safe.
        let from = self.pos;
        let mut depth = 0;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'/' && self.peek(1) == Some(b'*') {
                depth += 1;
                self.pos += 2;
            } else if self.bytes[self.pos] == b'*' && self.peek(1) == Some(b'/') {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    break;
                }
            } else {
                self.pos += 1;
            }
        }
        self.count_lines(from, self.pos);
    }

    /// `E'..'` strings take backslash escapes.
    fn escape_string_prefix(&self) -> bool {
        self.pos > 0
            && matches!(self.bytes[self.pos - 1], b'e' | b'E')
            && (self.pos < 2 || !is_word_byte(self.bytes[self.pos - 2]))
    }

    fn skip_quoted(&mut self, quote: u8, backslash: bool) {
        let from = self.pos;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            let c = self.bytes[self.pos];
            if backslash && c == b'\\' {
                self.pos += 2;
                continue;
            }
            self.pos += 1;
            if c == quote {
                if self.bytes.get(self.pos) == Some(&quote) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        self.pos = self.pos.min(self.bytes.len());
        self.count_lines(from, self.pos);
        self.prev_word.clear();
    }

    fn skip_until(&mut self, end: u8) {
        let from = self.pos;
        while self.pos < self.bytes.len() && self.bytes[self.pos] != end {
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.bytes.len());
        self.count_lines(from, self.pos);
    }

    /// SQLite allows `[name]` identifiers; PostgreSQL uses `[` for array subscripts. Only
    /// a bracket following a word boundary at statement level in a SQLite-looking spot
    /// matters for splitting, and array subscripts never hold semicolons, so skipping to
    /// the closing bracket is safe for both.
    fn in_sqlite_bracket_context(&self) -> bool {
        true
    }

    /// The `$tag$` opening a dollar-quoted string at the current position, if any.
    fn dollar_tag(&self) -> Option<&'a str> {
        if self.pos > 0 && is_word_byte(self.bytes[self.pos - 1]) {
            return None; // `a$1` style identifiers, not a quote
        }
        let rest = &self.src[self.pos + 1..];
        let end = rest.find('$')?;
        let tag = &rest[..end];
        let valid = tag
            .chars()
            .enumerate()
            .all(|(i, ch)| ch == '_' || ch.is_alphabetic() || (i > 0 && ch.is_ascii_digit()));
        valid.then(|| &self.src[self.pos..self.pos + end + 2])
    }

    fn skip_dollar_quoted(&mut self) {
        let tag = self.dollar_tag().expect("checked by caller");
        let from = self.pos;
        let body_start = self.pos + tag.len();
        self.pos = match self.src[body_start..].find(tag) {
            Some(i) => body_start + i + tag.len(),
            None => self.bytes.len(),
        };
        self.count_lines(from, self.pos);
        self.prev_word.clear();
    }

    fn word(&mut self) {
        let from = self.pos;
        while self.pos < self.bytes.len() && is_word_byte(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let word = self.src[from..self.pos].to_ascii_uppercase();
        self.track_blocks(&word);
        if self.head.len() < 4 {
            self.head.push(word.clone());
        }
        self.prev_word = word;
    }

    /// Tracks bodies whose inner semicolons do not end the statement.
    fn track_blocks(&mut self, word: &str) {
        let opens_body = match word {
            // PostgreSQL SQL-standard function bodies.
            "ATOMIC" => self.prev_word == "BEGIN",
            // SQLite trigger bodies (and PostgreSQL has no BEGIN inside a CREATE TRIGGER).
            "BEGIN" => self.is_create_trigger(),
            "CASE" => self.block_depth > 0,
            _ => false,
        };
        if opens_body {
            self.block_depth += 1;
        } else if word == "END" && self.block_depth > 0 {
            self.block_depth -= 1;
        }
    }

    fn is_create_trigger(&self) -> bool {
        let mut words = self.head.iter().map(String::as_str);
        if words.next() != Some("CREATE") {
            return false;
        }
        words.take(3).any(|w| w == "TRIGGER")
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<(String, usize)> {
        split(sql).into_iter().map(|s| (s.text, s.line)).collect()
    }

    #[test]
    fn splits_on_semicolons_with_lines() {
        let got = texts("create table a (x int);\n\n-- note\ncreate table b (y int);\n");
        assert_eq!(
            got,
            vec![
                ("create table a (x int)".to_string(), 1),
                ("create table b (y int)".to_string(), 4)
            ]
        );
    }

    #[test]
    fn keeps_strings_comments_and_identifiers_whole() {
        let got = texts("select 'a;b', \"c;d\", E'\\';' /* x; y\n */ ; select 1");
        assert_eq!(got.len(), 2);
        assert!(got[0].0.starts_with("select 'a;b'"));
        assert_eq!(got[1], ("select 1".to_string(), 2));
    }

    #[test]
    fn dollar_quoted_bodies() {
        let sql = "create function f() returns int language plpgsql as $fn$\nbegin\n  return 1;\nend;\n$fn$;\nselect 2;";
        let got = texts(sql);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("select 2".to_string(), 6));
    }

    #[test]
    fn begin_atomic_bodies() {
        let sql = "create function f(a int) returns int begin atomic select case when a > 0 then 1 else 2 end; select 3; end;\nselect 4;";
        let got = texts(sql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].0, "select 4");
    }

    #[test]
    fn sqlite_trigger_bodies() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n UPDATE b SET n = n + 1;\n DELETE FROM c;\nEND;\nCREATE TABLE d (x);";
        let got = texts(sql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1], ("CREATE TABLE d (x)".to_string(), 5));
    }

    #[test]
    fn transaction_begin_is_not_a_block() {
        let got = texts("BEGIN; create table a (x int); COMMIT;");
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn unterminated_string_does_not_panic() {
        assert_eq!(split("select 'abc").len(), 1);
        assert_eq!(split("select $x$ abc").len(), 1);
    }
}
