//! What screening a schema file produces: the statements to load, the settings they run
//! under, and the statements skipped or refused. Each database implements the screening
//! itself ([`crate::Database::screen`]); these types are what the loader needs from it.
use strata_catalog::{Catalog, TriggerState};

/// What a schema file may contain beyond the built-in allow-lists. Read from the
/// configuration; empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadRules {
    /// Extensions allowed besides the built-in list of contrib extensions that only
    /// define types, operators and functions (`dblink`, `postgres_fdw`, ...).
    pub extensions: Vec<String>,
    /// Languages allowed for functions besides the trusted ones (`plperlu`, `c`, ...).
    pub languages: Vec<String>,
    /// `search_path` for loading schema files; `None` means the server's default.
    pub search_path: Option<String>,
}

/// One statement of a schema file after screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screened {
    /// 1-based line where the statement starts in its file.
    pub line: usize,
    /// The statement to send, without a trailing semicolon. It can differ from the file's
    /// text where screening made it safe (a materialized view loaded `WITH NO DATA`).
    pub text: String,
    /// What the loader does with it.
    pub action: Action,
    /// Why the text sent differs from the file's, when it does: told with any error the
    /// statement gets, since the server's message quotes what was sent.
    pub note: Option<String>,
}

/// What the loader does with a screened statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Defines schema objects: loaded (and retried after the rest when it fails).
    Load,
    /// Changes a session setting (`SET search_path`, `set_config`): run before the
    /// file's later statements, and again whenever they are retried.
    Setting,
    /// Not sent to the server, for the reason given (a role, a psql meta-command, a
    /// transaction statement). The loader reports it.
    Skip(String),
    /// Loaded like [`Action::Load`], but the text sent leaves out a state that must not
    /// be set while the files load: once the statement has run, the loader keeps the
    /// state, in the order statements ran, to set on what is read back.
    Defer(Deferred),
}

/// A state a schema file asks for that loading must not set, because setting it would
/// run code while the rest of the files load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deferred {
    /// An event trigger's firing state. Enabled, it would run its function on every
    /// statement loaded after it, so the screen has each one made disabled and says here
    /// which state its file asked for (`CREATE EVENT TRIGGER`: enabled; `ALTER EVENT
    /// TRIGGER .. ENABLE ALWAYS`: always; ...).
    EventTriggerState {
        /// The event trigger.
        name: String,
        /// The state asked for.
        state: TriggerState,
    },
}

impl Deferred {
    /// Sets the state on a catalog read back from the database the files were loaded
    /// into. The statement that carried it showed the object existed then; one the files
    /// dropped afterwards is not there to set.
    pub fn settle(&self, catalog: &mut Catalog) {
        match self {
            Deferred::EventTriggerState { name, state } => {
                if let Some(trigger) = catalog.event_triggers.get_mut(name) {
                    trigger.enabled = *state;
                }
            }
        }
    }
}

/// A statement that may not be loaded, or a file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line of the offending statement (of the error, for syntax errors).
    pub line: usize,
    /// What is wrong: `COPY ... FROM PROGRAM is not allowed in a schema file`.
    pub message: String,
    /// What to do instead.
    pub hint: Option<String>,
}
