//! Keeps passwords out of everything strata prints about itself.
//!
//! The library already redacts the URLs it puts in messages; this is the second line of
//! defence, applied to every line the printer writes to standard error and to every URL the
//! CLI shows. It removes the password of `scheme://user:password@host` (keeping the user,
//! as the library does), `password=` pairs in a URL's query, and `password=value` words.

/// `text` with every password in it removed.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(sep) = rest.find("://") {
        let scheme_start = rest[..sep]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        if scheme_start == sep {
            // `://` with no scheme before it: not a URL.
            out.push_str(&rest[..sep + 3]);
            rest = &rest[sep + 3..];
            continue;
        }
        let end = rest[sep..]
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | '\'' | '"' | '<' | '>'))
            .map_or(rest.len(), |i| sep + i);
        out.push_str(&redact_keywords(&rest[..scheme_start]));
        out.push_str(&redact_url(&rest[scheme_start..end]));
        rest = &rest[end..];
    }
    out.push_str(&redact_keywords(rest));
    out
}

/// One URL without its password. The user information ends at the last `@` of the URL,
/// so a password holding `/`, `?`, `#` or `=` is still removed whole; an `@` inside a query
/// value makes this remove too much, never too little.
fn redact_url(url: &str) -> String {
    let Some(sep) = url.find("://") else {
        return url.to_string();
    };
    let authority = sep + 3;
    let (prefix, rest) = match url[authority..].rfind('@') {
        Some(at) => {
            let userinfo = &url[authority..authority + at];
            let user = userinfo.split(':').next().unwrap_or("");
            (
                format!("{}{user}", &url[..authority]),
                &url[authority + at..],
            )
        }
        None => (url[..authority].to_string(), &url[authority..]),
    };
    let (base, query) = match rest.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (rest, None),
    };
    let mut out = prefix + base;
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.to_ascii_lowercase().starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// `password=value` (libpq keyword form) with the value hidden.
fn redact_keywords(text: &str) -> String {
    const KEY: &str = "password=";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(found) = lower[pos..].find(KEY) {
        let value_start = pos + found + KEY.len();
        let value_end = text[value_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | '\'' | '"' | '&'))
            .map_or(text.len(), |i| value_start + i);
        out.push_str(&text[pos..value_start]);
        if value_end > value_start {
            out.push_str("<redacted>");
        }
        pos = value_end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn removes_the_password_of_a_url() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/prod?sslmode=require"),
            "postgres://app@db.example:5432/prod?sslmode=require"
        );
        assert_eq!(
            redact("cannot connect to `postgresql://u:p%40ss@h/db`: refused"),
            "cannot connect to `postgresql://u@h/db`: refused"
        );
    }

    #[test]
    fn passwords_with_reserved_characters_are_removed_whole() {
        assert_eq!(redact("postgres://u:a/b@c@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://u:pa?ss@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("postgres://u:a?b=c@h/db?sslmode=disable"),
            "postgres://u@h/db?sslmode=disable"
        );
        assert_eq!(redact("postgres://u:a#b@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn removes_password_query_parameters_and_keywords() {
        assert_eq!(
            redact("postgres://u@h/db?password=x&sslmode=disable"),
            "postgres://u@h/db?sslmode=disable"
        );
        assert_eq!(redact("postgres://u@h/db?password=x"), "postgres://u@h/db");
        assert_eq!(
            redact("host=h user=u password=hunter2 dbname=d"),
            "host=h user=u password=<redacted> dbname=d"
        );
    }

    #[test]
    fn leaves_everything_else_alone() {
        for text in [
            "postgres://u@h/db",
            "postgres://h/db?host=/var/run/postgresql",
            "sqlite:app.db",
            "sqlite::memory:",
            "see https://example.com/docs for more",
            "a :// b",
            "",
        ] {
            assert_eq!(redact(text), text);
        }
        assert_eq!(
            redact("from mysql://root:pw@h/x to postgres://a:b@h/y"),
            "from mysql://root@h/x to postgres://a@h/y"
        );
    }
}
