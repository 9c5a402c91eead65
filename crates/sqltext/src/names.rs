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
