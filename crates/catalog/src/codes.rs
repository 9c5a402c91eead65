//! Closed sets of values the databases report as short codes or keywords. Each enum
//! serialises to the text the model used to hold, so saved plans and fingerprints are
//! unchanged.
use serde::Serialize;
use std::fmt;

/// A code the model has no variant for. Introspection fails with it rather than guess,
/// because a wrong guess would plan a change nobody asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {code:?} reported by the database")]
pub struct UnknownCode {
    /// What the code was for (`trigger state`, ...).
    pub what: &'static str,
    /// The code as read.
    pub code: String,
}

impl UnknownCode {
    fn new(what: &'static str, code: &str) -> Self {
        UnknownCode {
            what,
            code: code.to_string(),
        }
    }
}

/// When a trigger fires (PostgreSQL `pg_trigger.tgenabled`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TriggerState {
    /// `O`: fires in origin and local sessions (the default).
    #[serde(rename = "O")]
    Origin,
    /// `D`: disabled.
    #[serde(rename = "D")]
    Disabled,
    /// `R`: fires only in replica sessions.
    #[serde(rename = "R")]
    Replica,
    /// `A`: fires always.
    #[serde(rename = "A")]
    Always,
}

impl TriggerState {
    /// Reads a `tgenabled` letter.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Ok(match code {
            "O" => TriggerState::Origin,
            "D" => TriggerState::Disabled,
            "R" => TriggerState::Replica,
            "A" => TriggerState::Always,
            _ => return Err(UnknownCode::new("trigger state", code)),
        })
    }
}

/// The event an event trigger fires on (PostgreSQL `pg_event_trigger.evtevent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EventTriggerEvent {
    /// `ddl_command_start`: before a DDL command runs.
    #[serde(rename = "ddl_command_start")]
    DdlCommandStart,
    /// `ddl_command_end`: after a DDL command ran, in its transaction.
    #[serde(rename = "ddl_command_end")]
    DdlCommandEnd,
    /// `table_rewrite`: before a table is rewritten.
    #[serde(rename = "table_rewrite")]
    TableRewrite,
    /// `sql_drop`: after objects were dropped.
    #[serde(rename = "sql_drop")]
    SqlDrop,
}

impl EventTriggerEvent {
    /// Reads an `evtevent` name. `login` (PostgreSQL 17) is not modelled yet, so it is
    /// an unknown code like any other.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Ok(match code {
            "ddl_command_start" => EventTriggerEvent::DdlCommandStart,
            "ddl_command_end" => EventTriggerEvent::DdlCommandEnd,
            "table_rewrite" => EventTriggerEvent::TableRewrite,
            "sql_drop" => EventTriggerEvent::SqlDrop,
            _ => return Err(UnknownCode::new("event trigger event", code)),
        })
    }

    /// The event's name in `CREATE EVENT TRIGGER .. ON <event>`.
    pub fn keyword(self) -> &'static str {
        match self {
            EventTriggerEvent::DdlCommandStart => "ddl_command_start",
            EventTriggerEvent::DdlCommandEnd => "ddl_command_end",
            EventTriggerEvent::TableRewrite => "table_rewrite",
            EventTriggerEvent::SqlDrop => "sql_drop",
        }
    }
}

impl fmt::Display for EventTriggerEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// What a foreign key does when the referenced row changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ForeignKeyAction {
    /// `NO ACTION` (the default).
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl ForeignKeyAction {
    /// Reads a PostgreSQL `confupdtype`/`confdeltype` letter.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Ok(match code {
            "a" => ForeignKeyAction::NoAction,
            "r" => ForeignKeyAction::Restrict,
            "c" => ForeignKeyAction::Cascade,
            "n" => ForeignKeyAction::SetNull,
            "d" => ForeignKeyAction::SetDefault,
            _ => return Err(UnknownCode::new("foreign key action", code)),
        })
    }

    /// Reads the keywords SQLite's `pragma_foreign_key_list` reports (`SET NULL`).
    pub fn from_keyword(words: &str) -> Result<Self, UnknownCode> {
        Ok(match words.to_ascii_uppercase().as_str() {
            "NO ACTION" => ForeignKeyAction::NoAction,
            "RESTRICT" => ForeignKeyAction::Restrict,
            "CASCADE" => ForeignKeyAction::Cascade,
            "SET NULL" => ForeignKeyAction::SetNull,
            "SET DEFAULT" => ForeignKeyAction::SetDefault,
            _ => return Err(UnknownCode::new("foreign key action", words)),
        })
    }
}

/// The command a row-level security policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PolicyCommand {
    /// `ALL`.
    #[serde(rename = "ALL")]
    All,
    /// `SELECT`.
    #[serde(rename = "SELECT")]
    Select,
    /// `INSERT`.
    #[serde(rename = "INSERT")]
    Insert,
    /// `UPDATE`.
    #[serde(rename = "UPDATE")]
    Update,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
}

impl PolicyCommand {
    /// Reads a `pg_policy.polcmd` letter.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Ok(match code {
            "*" => PolicyCommand::All,
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => return Err(UnknownCode::new("policy command", code)),
        })
    }

    /// The keyword of `CREATE POLICY .. FOR`.
    pub fn keyword(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

impl fmt::Display for PolicyCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// A privilege that can be granted on an object.
///
/// Variants are in alphabetical order of their keywords so that the derived order (which
/// sorts grants, and so the GRANT statements of a plan) is the order of the keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Privilege {
    /// `CONNECT`.
    #[serde(rename = "CONNECT")]
    Connect,
    /// `CREATE`.
    #[serde(rename = "CREATE")]
    Create,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
    /// `EXECUTE`.
    #[serde(rename = "EXECUTE")]
    Execute,
    /// `INSERT`.
    #[serde(rename = "INSERT")]
    Insert,
    /// `MAINTAIN` (PostgreSQL 17).
    #[serde(rename = "MAINTAIN")]
    Maintain,
    /// `REFERENCES`.
    #[serde(rename = "REFERENCES")]
    References,
    /// `SELECT`.
    #[serde(rename = "SELECT")]
    Select,
    /// `TEMPORARY`.
    #[serde(rename = "TEMPORARY")]
    Temporary,
    /// `TRIGGER`.
    #[serde(rename = "TRIGGER")]
    Trigger,
    /// `TRUNCATE`.
    #[serde(rename = "TRUNCATE")]
    Truncate,
    /// `UPDATE`.
    #[serde(rename = "UPDATE")]
    Update,
    /// `USAGE`.
    #[serde(rename = "USAGE")]
    Usage,
}

impl Privilege {
    /// Every privilege, for parsing.
    const ALL: [Privilege; 13] = [
        Privilege::Connect,
        Privilege::Create,
        Privilege::Delete,
        Privilege::Execute,
        Privilege::Insert,
        Privilege::Maintain,
        Privilege::References,
        Privilege::Select,
        Privilege::Temporary,
        Privilege::Trigger,
        Privilege::Truncate,
        Privilege::Update,
        Privilege::Usage,
    ];

    /// Reads a privilege keyword (`aclexplode`'s `privilege_type`), in any case.
    pub fn from_keyword(word: &str) -> Result<Self, UnknownCode> {
        Privilege::ALL
            .into_iter()
            .find(|p| p.keyword().eq_ignore_ascii_case(word))
            .ok_or_else(|| UnknownCode::new("privilege", word))
    }

    /// The keyword of GRANT/REVOKE.
    pub fn keyword(self) -> &'static str {
        match self {
            Privilege::Connect => "CONNECT",
            Privilege::Create => "CREATE",
            Privilege::Delete => "DELETE",
            Privilege::Execute => "EXECUTE",
            Privilege::Insert => "INSERT",
            Privilege::Maintain => "MAINTAIN",
            Privilege::References => "REFERENCES",
            Privilege::Select => "SELECT",
            Privilege::Temporary => "TEMPORARY",
            Privilege::Trigger => "TRIGGER",
            Privilege::Truncate => "TRUNCATE",
            Privilege::Update => "UPDATE",
            Privilege::Usage => "USAGE",
        }
    }
}

impl fmt::Display for Privilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_fail() {
        assert_eq!(TriggerState::from_code("R"), Ok(TriggerState::Replica));
        assert!(TriggerState::from_code("X").is_err());
        assert_eq!(PolicyCommand::from_code("w"), Ok(PolicyCommand::Update));
        assert!(PolicyCommand::from_code("?").is_err());
        for p in Privilege::ALL {
            assert_eq!(Privilege::from_keyword(p.keyword()), Ok(p));
        }
        assert!(Privilege::from_keyword("FLY").is_err());
        assert_eq!(
            ForeignKeyAction::from_keyword("set null"),
            Ok(ForeignKeyAction::SetNull)
        );
        assert!(ForeignKeyAction::from_code("x").is_err());
        assert_eq!(
            EventTriggerEvent::from_code("sql_drop"),
            Ok(EventTriggerEvent::SqlDrop)
        );
        assert_eq!(
            EventTriggerEvent::from_code("login"),
            Err(UnknownCode::new("event trigger event", "login"))
        );
        for e in [
            EventTriggerEvent::DdlCommandStart,
            EventTriggerEvent::DdlCommandEnd,
            EventTriggerEvent::TableRewrite,
            EventTriggerEvent::SqlDrop,
        ] {
            assert_eq!(EventTriggerEvent::from_code(e.keyword()), Ok(e));
        }
    }

    #[test]
    fn variant_order_is_keyword_order() {
        let mut sorted = Privilege::ALL;
        sorted.sort_by_key(|p| p.keyword());
        assert_eq!(sorted, Privilege::ALL);
    }
}
