//! Names in SQL text that a database rendered, for the databases that quote identifiers
//! with `"` and strings with `'` (PostgreSQL, SQLite). A dialect crate answers the
//! generic stages' questions about rendered text (`DiffRules::references_in`,
//! `DiffRules::mentions_column`) with these.
use strata_catalog::QualName;

/// Every `schema.name` pair in `text`, in order of appearance, outside string literals.
/// Identifiers may be bare (`public.mood`) or quoted (`"My Schema"."Mood"`); a longer
/// chain such as `public.users.id` yields its first two parts. The caller decides which
/// pairs name real objects: aliases (`u.id`) come out too.
pub fn qualified_names(text: &str) -> Vec<QualName> {
    let tokens = tokenize(text);
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let (Token::Ident(schema), Some(Token::Dot), Some(Token::Ident(name))) =
            (&tokens[i], tokens.get(i + 1), tokens.get(i + 2))
        {
            names.push(QualName::new(schema.clone(), name.clone()));
            i += 3;
            // Skip the rest of a chain like `schema.table.column`.
            while let (Some(Token::Dot), Some(Token::Ident(_))) = (tokens.get(i), tokens.get(i + 1))
            {
                i += 2;
            }
        } else {
            i += 1;
        }
    }
    names
}

/// Whether `text` names `ident` as a whole identifier, bare or quoted. A plain text
/// search: it may also find the word inside a string literal, which errs on the side of
/// "mentioned".
pub fn mentions(text: &str, ident: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(ident).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + ident.len()..].chars().next();
        let quoted = before == Some('"') && after == Some('"');
        quoted || (!before.is_some_and(word) && !after.is_some_and(word))
    })
}

/// `text` with `old` (a `schema.name` pair, bare or quoted) replaced by `new`, each part
/// written by `render`; `None` when `text` does not name `old`. Literals are left alone.
pub fn rename_qualified(
    text: &str,
    old: &QualName,
    new: &QualName,
    render: &dyn Fn(&str) -> String,
) -> Option<String> {
    let spans = spans(text);
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < spans.len() {
        if let (Span::Ident(a, start, _), Some(Span::Dot), Some(Span::Ident(b, _, end))) =
            (&spans[i], spans.get(i + 1), spans.get(i + 2))
            && a == &old.schema
            && b == &old.name
        {
            out.push_str(&text[last..*start]);
            out.push_str(&format!("{}.{}", render(&new.schema), render(&new.name)));
            last = *end;
            i += 3;
        } else {
            i += 1;
        }
    }
    (last > 0).then(|| out + &text[last..])
}

/// `text` with every identifier `matches` accepts (bare or quoted, given unquoted)
/// replaced by `new` as `render` writes it; `None` when there is none. Literals are left
/// alone.
pub fn rename_ident(
    text: &str,
    matches: &dyn Fn(&str) -> bool,
    new: &str,
    render: &dyn Fn(&str) -> String,
) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for span in spans(text) {
        if let Span::Ident(value, start, end) = span
            && matches(&value)
        {
            out.push_str(&text[last..start]);
            out.push_str(&render(new));
            last = end;
        }
    }
    (last > 0).then(|| out + &text[last..])
}

/// Identifiers with their byte ranges, and dots; everything else is left out.
#[derive(Debug)]
enum Span {
    Ident(String, usize, usize),
    Dot,
    Other,
}

fn spans(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let plain: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < plain.len() {
        let c = plain[i];
        if c == '\'' {
            i = skip_literal(&plain, i);
            out.push(Span::Other);
        } else if c == '"' {
            let (ident, next) = quoted_ident(&plain, i);
            out.push(Span::Ident(ident, at(i), at(next)));
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < plain.len()
                && (plain[i].is_alphanumeric() || plain[i] == '_' || plain[i] == '$')
            {
                i += 1;
            }
            out.push(Span::Ident(
                plain[start..i].iter().collect(),
                at(start),
                at(i),
            ));
        } else if c.is_ascii_digit() {
            while i < plain.len() && (plain[i].is_ascii_alphanumeric() || plain[i] == '.') {
                i += 1;
            }
            out.push(Span::Other);
        } else if c == '.' {
            out.push(Span::Dot);
            i += 1;
        } else {
            if !c.is_whitespace() {
                out.push(Span::Other);
            }
            i += 1;
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Dot,
    Other,
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i = skip_literal(&chars, i);
            tokens.push(Token::Other);
        } else if c == '"' {
            let (ident, next) = quoted_ident(&chars, i);
            tokens.push(Token::Ident(ident));
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            // A number such as `1.5` must not look like a dotted name.
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(Token::Other);
        } else if c == '.' {
            tokens.push(Token::Dot);
            i += 1;
        } else {
            if !c.is_whitespace() {
                tokens.push(Token::Other);
            }
            i += 1;
        }
    }
    tokens
}

/// Index just past the literal starting at `start` (a `'`), honouring `''` escapes.
fn skip_literal(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

fn quoted_ident(chars: &[char], start: usize) -> (String, usize) {
    let mut ident = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '"' {
            if chars.get(i + 1) == Some(&'"') {
                ident.push('"');
                i += 2;
                continue;
            }
            return (ident, i + 1);
        }
        ident.push(chars[i]);
        i += 1;
    }
    (ident, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str, n: &str) -> QualName {
        QualName::new(s, n)
    }

    #[test]
    fn renames_qualified_names_and_identifiers_outside_literals() {
        let render = |s: &str| s.to_string();
        assert_eq!(
            rename_qualified(
                "CREATE INDEX i ON public.users USING btree ('public.users')",
                &q("public", "users"),
                &q("public", "accounts"),
                &render
            )
            .as_deref(),
            Some("CREATE INDEX i ON public.accounts USING btree ('public.users')")
        );
        assert_eq!(
            rename_qualified("x", &q("public", "users"), &q("public", "a"), &render),
            None
        );
        assert_eq!(
            rename_ident(
                "UNIQUE (\"email\", emails)",
                &|s| s == "email",
                "mail",
                &render
            )
            .as_deref(),
            Some("UNIQUE (mail, emails)")
        );
    }

    #[test]
    fn finds_plain_and_quoted_names() {
        assert_eq!(qualified_names("public.mood[]"), vec![q("public", "mood")]);
        assert_eq!(
            qualified_names(r#""My Schema"."Mo""od""#),
            vec![q("My Schema", r#"Mo"od"#)]
        );
        assert_eq!(qualified_names("character varying(20)"), vec![]);
    }

    #[test]
    fn skips_literals_numbers_and_chain_tails() {
        assert_eq!(
            qualified_names("SELECT users.id, 'a.b'::text, 1.5 FROM public.users"),
            vec![q("users", "id"), q("public", "users")]
        );
        assert_eq!(qualified_names("public.t.col"), vec![q("public", "t")]);
    }

    #[test]
    fn mentions_whole_identifiers_only() {
        assert!(mentions("SELECT t.name FROM public.t", "name"));
        assert!(mentions(r#"SELECT t."Name" FROM public.t"#, "Name"));
        assert!(!mentions("SELECT t.names FROM public.t", "name"));
        assert!(!mentions("SELECT t.surname FROM public.t", "name"));
    }
}
