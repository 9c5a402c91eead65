//! Checksums of revision files, over a normalised text so that editors and git settings
//! (CRLF, trailing spaces, a byte-order mark) do not make an untouched file look edited.
use sha2::{Digest, Sha256};
use std::fmt;

/// The algorithm tag stored with every checksum, so a future change of normalisation can
/// be told apart from an edited file.
pub const ALGORITHM: &str = "sha256";

/// A checksum as stored in the history table: `sha256:<hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Checksum(String);

impl Checksum {
    /// The checksum of a revision file's text.
    pub fn of(text: &str) -> Checksum {
        let digest = Sha256::digest(normalise(text).as_bytes());
        Checksum(format!("{ALGORITHM}:{}", hex::encode(digest)))
    }

    /// Wraps a stored value as it is.
    pub fn from_stored(value: &str) -> Checksum {
        Checksum(value.to_string())
    }

    /// The stored form, `sha256:<hex>`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text that is hashed: BOM removed, CRLF turned into LF, trailing whitespace removed
/// from every line, and blank lines at the end removed.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        out.push_str(line.strip_suffix('\r').unwrap_or(line).trim_end());
        out.push('\n');
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosmetic_differences_do_not_change_the_checksum() {
        let plain = Checksum::of("create table t (x int);\n-- strata:down\ndrop table t;\n");
        for variant in [
            "create table t (x int);\r\n-- strata:down\r\ndrop table t;\r\n",
            "\u{feff}create table t (x int);   \n-- strata:down\t\ndrop table t;",
            "create table t (x int);\n-- strata:down\ndrop table t;\n\n\n  \n",
        ] {
            assert_eq!(Checksum::of(variant), plain, "{variant:?}");
        }
    }

    #[test]
    fn real_edits_change_the_checksum() {
        let a = Checksum::of("create table t (x int);");
        assert_ne!(a, Checksum::of("create table t (x bigint);"));
        assert_ne!(a, Checksum::of("  create table t (x int);"));
        assert!(a.as_str().starts_with("sha256:"));
        assert_eq!(a.as_str().len(), "sha256:".len() + 64);
    }
}
