//! Lines and positions: where a statement starts, and where a syntax error is.
//!
//! The parser's error names the bad token but not where it is, so the position is found by
//! parsing prefixes of the file that end at token boundaries. A prefix that stops before the
//! bad token parses, or fails only "at end of input"; every prefix that contains it fails
//! with another message. That makes "fails with another message" monotonic in the prefix
//! length, so a binary search finds the bad token in O(log n) parses.
use super::lex::Outline;
use pg_query::protobuf::{ScanToken, Token};
use std::ops::Range;

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The line `offset` is on.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// The offset of the first token in `range` that is not a comment.
pub(crate) fn first_token(text: &str, range: Range<usize>) -> usize {
    let slice = &text[range.clone()];
    let scanned = pg_query::scan(slice).ok().and_then(|scan| {
        scan.tokens
            .iter()
            .find(|t| !is_comment(t))
            .map(|t| range.start + to_offset(t.start))
    });
    scanned.unwrap_or_else(|| range.start + (slice.len() - slice.trim_start().len()))
}

/// The parser's message for a parse failure.
pub(crate) fn message(error: &pg_query::Error) -> String {
    match error {
        pg_query::Error::Parse(m) | pg_query::Error::Scan(m) => m.clone(),
        other => other.to_string(),
    }
}

/// The offset of the syntax error in `text` (which does not parse): its token when the
/// file scans, else where an unterminated literal starts, else where the failing
/// statement starts.
pub(crate) fn syntax_error(text: &str, outline: &Outline) -> usize {
    let by_token = match pg_query::scan(text) {
        Ok(scan) => bad_token(text, &scan.tokens),
        Err(_) => outline.unterminated,
    };
    by_token.unwrap_or_else(|| failing_statement(text, outline))
}

/// The start of the first token whose prefix fails other than "at end of input", or of
/// the last token when the whole file only fails at its end.
fn bad_token(text: &str, tokens: &[ScanToken]) -> Option<usize> {
    let tokens: Vec<&ScanToken> = tokens.iter().filter(|t| !is_comment(t)).collect();
    let last = tokens.last()?;
    let fails_at = |t: &ScanToken| fails_before_end(&text[..to_offset(t.end)]);
    if !fails_at(last) {
        return Some(to_offset(last.start));
    }
    // The first index at which the prefix fails: all before it parse or end early.
    let first = tokens.partition_point(|t| !fails_at(t));
    tokens.get(first).map(|t| to_offset(t.start))
}

/// The start of the statement that does not parse: after the longest prefix that ends at
/// a top-level semicolon and parses.
fn failing_statement(text: &str, outline: &Outline) -> usize {
    let ok = outline
        .ends
        .partition_point(|&end| pg_query::parse(&text[..end], 0).is_ok());
    let start = if ok == 0 { 0 } else { outline.ends[ok - 1] };
    first_token(text, start..text.len())
}

fn fails_before_end(prefix: &str) -> bool {
    match pg_query::parse(prefix, 0) {
        Ok(_) => false,
        Err(e) => !message(&e).contains("at end of input"),
    }
}

fn is_comment(t: &ScanToken) -> bool {
    t.token == Token::SqlComment as i32 || t.token == Token::CComment as i32
}

fn to_offset(position: i32) -> usize {
    usize::try_from(position).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::lex::outline;
    use super::*;

    fn error_line(text: &str) -> usize {
        Lines::new(text).line(syntax_error(text, &outline(text)))
    }

    #[test]
    fn lines_are_one_based() {
        let lines = Lines::new("a\nb\n\nc");
        assert_eq!(
            [0, 1, 2, 3, 4, 5].map(|o| lines.line(o)),
            [1, 1, 2, 2, 3, 4]
        );
    }

    #[test]
    fn first_token_skips_comments() {
        let text = "  -- note\n /* more */\n  CREATE TABLE t ()";
        assert_eq!(
            first_token(text, 0..text.len()),
            text.find("CREATE").unwrap()
        );
    }

    #[test]
    fn syntax_error_is_found_on_its_own_line() {
        let text = "CREATE TABLE ok (a int);\nCREATE TABLE t (\n  a int,\n  b int,\n  c int,\n  d int int\n);\n";
        assert_eq!(error_line(text), 6);
        assert_eq!(error_line("SELECT 1;\nCREATE TABLE t (\n  a int"), 3);
    }

    #[test]
    fn unscannable_text_points_at_the_literal() {
        assert_eq!(
            error_line("SELECT 1;\n\nCOMMENT ON TABLE t IS 'open\n;\n"),
            3
        );
        assert_eq!(error_line("SELECT 1;\n\nSELECT 1abc;\n"), 3);
    }
}
