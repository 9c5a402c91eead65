//! The server version findings depend on: read from the connection
//! (`server_version_num`), or given (`--pg-version 12`, `14.2`) when there is none.
use std::fmt;
use std::str::FromStr;

/// A PostgreSQL release: its major version, and its minor one when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PgVersion {
    /// `15` for 15.4.
    pub major: u32,
    /// `4` for 15.4; `None` when only the major version was given.
    pub minor: Option<u32>,
}

/// The oldest version strata supports (see the README), assumed when nothing says
/// otherwise: findings are then never milder than the server's.
pub const OLDEST_SUPPORTED: PgVersion = PgVersion::major(13);

/// The versions `--pg-version` accepts: findings know these releases' behaviour.
pub const KNOWN_MAJORS: std::ops::RangeInclusive<u32> = 10..=18;

impl PgVersion {
    /// Major version `major`, minor unknown.
    pub const fn major(major: u32) -> Self {
        PgVersion { major, minor: None }
    }

    /// From `server_version_num` (`150004` is 15.4; since 10 the middle digits are 0).
    pub fn from_num(num: u32) -> Self {
        PgVersion {
            major: num / 10_000,
            minor: Some(num % 100),
        }
    }

    /// Whether the release is at least `major`.
    pub fn at_least(self, major: u32) -> bool {
        self.major >= major
    }
}

impl Default for PgVersion {
    fn default() -> Self {
        OLDEST_SUPPORTED
    }
}

/// `15` or `15.4`.
impl fmt::Display for PgVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.minor {
            Some(minor) => write!(f, "{}.{minor}", self.major),
            None => write!(f, "{}", self.major),
        }
    }
}

/// Why a version string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "PostgreSQL version {given:?} is not one strata knows: give a major version from {} to {}, optionally with a minor one (14.2)",
    KNOWN_MAJORS.start(),
    KNOWN_MAJORS.end()
)]
pub struct BadVersion {
    /// The text given.
    pub given: String,
}

/// `14` or `14.2`, with a major version in [`KNOWN_MAJORS`].
impl FromStr for PgVersion {
    type Err = BadVersion;

    fn from_str(text: &str) -> Result<Self, BadVersion> {
        let bad = || BadVersion {
            given: text.to_string(),
        };
        let (major, minor) = match text.trim().split_once('.') {
            Some((major, minor)) => (major, Some(minor.parse().map_err(|_| bad())?)),
            None => (text.trim(), None),
        };
        let major: u32 = major.parse().map_err(|_| bad())?;
        if !KNOWN_MAJORS.contains(&major) {
            return Err(bad());
        }
        Ok(PgVersion { major, minor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_server_version_num_and_flags() {
        assert_eq!(PgVersion::from_num(150004).to_string(), "15.4");
        assert_eq!(PgVersion::from_num(140002).minor, Some(2));
        assert_eq!("12".parse::<PgVersion>(), Ok(PgVersion::major(12)));
        assert_eq!("14.2".parse::<PgVersion>().unwrap().to_string(), "14.2");
        assert!("9".parse::<PgVersion>().is_err());
        assert!("19".parse::<PgVersion>().is_err());
        assert!("x".parse::<PgVersion>().is_err());
        assert!("14.x".parse::<PgVersion>().is_err());
    }
}
