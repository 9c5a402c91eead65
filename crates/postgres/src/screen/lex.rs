//! A small lexer that knows just enough of PostgreSQL's to find statement boundaries:
//! quoted strings and identifiers, dollar quotes, comments and top-level semicolons.
//!
//! The parser cannot do this part: psql meta-commands are not SQL, so they must be found
//! (and blanked out) before the parser sees the file. Whatever this lexer gets wrong only
//! changes the text that is parsed; the screened statements are always cut from that same
//! text, so nothing unscreened is ever sent.
use std::ops::Range;

/// What the lexer found in a file.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    /// psql meta-commands: from the backslash to the end of its line.
    pub meta: Vec<Range<usize>>,
    /// The offset just after each top-level semicolon.
    pub ends: Vec<usize>,
    /// Where a quoted string, identifier, dollar quote or comment that never ends starts.
    pub unterminated: Option<usize>,
}

/// Outlines `text` (see [`Outline`]).
pub(crate) fn outline(text: &str) -> Outline {
    let b = text.as_bytes();
    let mut out = Outline::default();
    // True until a token follows the last top-level semicolon (or the start of the file).
    let mut at_boundary = true;
    let mut i = 0;
    while i < b.len() {
        let next = match b[i] {
            c if is_space(c) => Ok(i + 1),
            b'-' if b.get(i + 1) == Some(&b'-') => Ok(line_end(b, i)),
            b'/' if b.get(i + 1) == Some(&b'*') => block_comment(b, i),
            b'\\' if at_boundary && starts_line(b, i) => {
                let end = line_end(b, i);
                out.meta.push(i..end);
                Ok(end)
            }
            b';' => {
                out.ends.push(i + 1);
                at_boundary = true;
                i += 1;
                continue;
            }
            _ => {
                at_boundary = false;
                token(b, i)
            }
        };
        match next {
            Ok(n) => i = n,
            Err(start) => {
                out.unterminated = Some(start);
                break;
            }
        }
    }
    out
}

/// Skips one token starting at `i` (not whitespace or a comment). `Err(i)` when it is a
/// quoted string, identifier or dollar quote that never ends.
fn token(b: &[u8], i: usize) -> Result<usize, usize> {
    match b[i] {
        b'\'' => quoted(b, i, b'\'', false),
        b'"' => quoted(b, i, b'"', false),
        b'$' => match dollar_tag(b, i) {
            Some(tag_end) => dollar_body(b, i, tag_end),
            None => Ok(i + 1),
        },
        c if c.is_ascii_digit() => Ok(word_end(b, i)),
        c if is_ident_start(c) => prefixed_literal(b, i),
        _ => Ok(i + 1),
    }
}

/// An identifier or keyword, or the prefix of a literal: `E'...'` (backslash escapes),
/// `B'...'`, `X'...'`, `N'...'`, `U&'...'`, `U&"..."`.
fn prefixed_literal(b: &[u8], i: usize) -> Result<usize, usize> {
    let end = word_end(b, i);
    let word = &b[i..end];
    let quote = b.get(end).copied();
    match (word, quote) {
        ([b'e' | b'E'], Some(b'\'')) => quoted(b, end, b'\'', true),
        ([b'b' | b'B' | b'x' | b'X' | b'n' | b'N'], Some(b'\'')) => quoted(b, end, b'\'', false),
        ([b'u' | b'U'], Some(b'&')) => match b.get(end + 1) {
            Some(&q @ (b'\'' | b'"')) => quoted(b, end + 1, q, false),
            _ => Ok(end),
        },
        _ => Ok(end),
    }
}

/// A literal or identifier opened by the quote at `i`; a doubled quote stands for one.
fn quoted(b: &[u8], i: usize, quote: u8, backslash_escapes: bool) -> Result<usize, usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if backslash_escapes => j += 2,
            c if c == quote => {
                if b.get(j + 1) == Some(&quote) {
                    j += 2;
                } else {
                    return Ok(j + 1);
                }
            }
            _ => j += 1,
        }
    }
    Err(i)
}

/// The end of `$tag$` starting at `i`, if it is one (`$1` is a parameter instead).
fn dollar_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if j < b.len() && is_ident_start(b[j]) {
        j = word_end_no_dollar(b, j);
    }
    (b.get(j) == Some(&b'$')).then_some(j + 1)
}

fn dollar_body(b: &[u8], i: usize, tag_end: usize) -> Result<usize, usize> {
    let tag = &b[i..tag_end];
    b[tag_end..]
        .windows(tag.len())
        .position(|w| w == tag)
        .map(|p| tag_end + p + tag.len())
        .ok_or(i)
}

/// Block comments nest in PostgreSQL.
fn block_comment(b: &[u8], i: usize) -> Result<usize, usize> {
    let mut depth = 0;
    let mut j = i;
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return Ok(j);
                }
            }
            _ => j += 1,
        }
    }
    Err(i)
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

/// Only blanks come before `i` on its line.
fn starts_line(b: &[u8], i: usize) -> bool {
    b[..i]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|&c| is_space(c))
}

fn word_end(b: &[u8], i: usize) -> usize {
    i + b[i..]
        .iter()
        .take_while(|&&c| is_ident_start(c) || c.is_ascii_digit() || c == b'$')
        .count()
}

fn word_end_no_dollar(b: &[u8], i: usize) -> usize {
    i + b[i..]
        .iter()
        .take_while(|&&c| is_ident_start(c) || c.is_ascii_digit())
        .count()
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Bytes of non-ASCII characters count as letters, as in PostgreSQL's lexer.
fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Vec<&str> {
        outline(text).meta.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn meta_commands_are_found_only_at_statement_boundaries() {
        let text =
            "\\restrict abc\nSELECT 1;\n  \\connect other\nSELECT 'x\n\\c y';\nSELECT 2\n\\gexec\n";
        assert_eq!(meta(text), ["\\restrict abc", "\\connect other"]);
    }

    #[test]
    fn quotes_and_comments_hide_semicolons() {
        let text = "SELECT $f$ ; $f$, E'\\' ;', 'a'';', \"x;\" /* ; /* ; */ */ -- ;\n;";
        assert_eq!(outline(text).ends, [text.len()]);
    }

    #[test]
    fn unterminated_literals_are_located() {
        assert_eq!(outline("SELECT 1;\nSELECT 'abc").unterminated, Some(17));
        assert_eq!(outline("SELECT $x$ body").unterminated, Some(7));
        assert_eq!(outline("/* open").unterminated, Some(0));
        assert_eq!(outline("SELECT a$b$ FROM t").unterminated, None);
    }
}
