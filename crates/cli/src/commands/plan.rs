//! `strata plan`: what would change, as reviewable SQL (and, with `--out`, as a saved plan
//! for `apply --plan`).
use super::ExitStatus;
use super::approvals;
use super::shared::{
    Access, check_exists, check_same_engine, connect, database_url, label, offer_renames,
    parse_source, plan_for, read, read_with_hints, rename_hints,
};
use crate::cli::{DevArgs, PlanArgs, ScopeArgs, TargetArgs};
use crate::config::{Config, Overrides, Settings};
use crate::error::CliError;
use crate::printer::Printer;
use crate::redact::redact;
use strata::{Catalog, Database, Plan, SavedPlan, Source};

pub fn plan(args: &PlanArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        mode: args.mode,
        ..overrides(&args.target, &args.dev, &args.scope)
    };
    let mut target = Target::open(config, &flags, Access::ReadOnly, printer)?;
    target.pg_version = args.pg_version;
    let desired = target.desired(printer)?;
    let current = target.current(printer)?;
    target.resolve_renames(&args.rename.renames, &current, &desired, printer)?;
    let plan = target.plan(&current, &desired, printer)?;
    if let Some(out) = &args.out {
        let saved = target.saved(&plan, &current);
        std::fs::write(out, saved.to_json()).map_err(|e| {
            CliError::error(format!("cannot write the plan to `{}`: {e}", out.display()))
        })?;
        printer.status(&format!(
            "Saved the plan to {}; apply it with `strata apply --plan {}`.",
            out.display(),
            out.display()
        ));
    }
    if plan.is_empty() {
        printer.status("No changes: the database matches the schema.");
        return Ok(ExitStatus::Success);
    }
    let approvals = approvals::resolve(config, &args.approvals.allow, false)?;
    let policy = target.policy(&super::migrate::history_table(config))?;
    let marks = approvals::marks(&plan, &policy, &approvals);
    printer.plan_marked(&plan, args.format, &marks)?;
    printer.plan_total(&plan);
    Ok(if args.exit_code {
        ExitStatus::Differences
    } else {
        ExitStatus::Success
    })
}

/// What `plan` reads for a SQLite file that does not exist yet.
const EMPTY_SQLITE: &str = "sqlite::memory:";

/// The database `plan` and `apply` work on, connected, with the settings that found it.
pub struct Target {
    pub db: Box<dyn Database>,
    /// The URL as given.
    pub url: String,
    /// The URL without any password, for messages.
    pub label: String,
    pub settings: Settings,
    /// The desired schema.
    desired: Source,
    /// Rename hints: the files', then `--rename`, then the offers accepted.
    pub renames: Vec<strata::diff::Rename>,
    /// `--pg-version`: judge the steps for that PostgreSQL release.
    pub pg_version: Option<strata::PgVersion>,
    /// The objects the schema files mark deprecated (subject → kind), recorded when
    /// `apply` succeeds.
    pub deprecated: std::collections::BTreeMap<String, String>,
}

impl Target {
    /// Resolves the URL and schema, checks them, and connects: read-only for `plan` (a
    /// missing SQLite file is an error), read-write for `apply` (which creates it).
    pub fn open(
        config: &Config,
        flags: &Overrides,
        access: Access,
        printer: Printer,
    ) -> Result<Target, CliError> {
        let settings = Settings::resolve(config, flags, &|name| std::env::var(name).ok())?;
        let url = settings.require_url()?.to_string();
        database_url(&url)?;
        let desired = parse_source(&settings.schema)?;
        check_exists(&desired)?;
        let live = Source::Database(url.clone());
        check_same_engine(&live, &desired)?;
        if let Some((_, origin)) = &settings.url {
            printer.verbose(&format!("Database: {} (from {origin})", redact(&url)));
        }
        printer.verbose(&format!("Schema: {}", label(&desired)));
        let db = match strata::missing_sqlite_file(&url) {
            // Planning for a database that does not exist yet starts from nothing, and
            // says so; only `apply` creates the file.
            Some(path) if access == Access::ReadOnly => {
                printer.status(&format!(
                    "note: `{}` does not exist yet; planning from an empty database (`strata apply` creates it)",
                    path.display()
                ));
                connect(EMPTY_SQLITE, None, Access::ReadOnly, printer)?
            }
            _ => connect(&url, settings.dev_url.as_deref(), access, printer)?,
        };
        Ok(Target {
            db,
            label: redact(&url),
            url,
            settings,
            desired,
            renames: Vec::new(),
            pg_version: None,
            deprecated: Default::default(),
        })
    }

    /// The schema files, loaded into a scratch database and read back.
    pub fn desired(&mut self, printer: Printer) -> Result<Catalog, CliError> {
        let (catalog, marks) = read_with_hints(
            &self.desired,
            self.db.as_mut(),
            &self.url,
            &self.settings,
            printer,
        )?;
        self.renames = marks.renames;
        self.deprecated = marks.deprecated;
        Ok(catalog)
    }

    /// Adds the `--rename` flags to the files' hints (their kinds told from `current`),
    /// then, on a terminal, the look-alike pairs the user confirms.
    pub fn resolve_renames(
        &mut self,
        flags: &[String],
        current: &Catalog,
        desired: &Catalog,
        printer: Printer,
    ) -> Result<(), CliError> {
        self.renames = rename_hints(&self.renames, flags, current, self.db.as_ref())?;
        offer_renames(
            &mut self.renames,
            current,
            desired,
            self.db.as_ref(),
            printer,
        )
    }

    /// The live database's schema, within the scope.
    pub fn current(&mut self, printer: Printer) -> Result<Catalog, CliError> {
        let live = Source::Database(self.url.clone());
        read(&live, self.db.as_mut(), &self.url, &self.settings, printer)
    }

    /// The plan from `current` to `desired`, with the rename hints, the mode and
    /// `--pg-version`; the hints that were not applied are reported.
    pub fn plan(
        &mut self,
        current: &Catalog,
        desired: &Catalog,
        printer: Printer,
    ) -> Result<Plan, CliError> {
        let settings = strata::PlanSettings {
            renames: &self.renames,
            mode: self.settings.mode,
            pg_version: self.pg_version,
        };
        plan_for(
            current,
            desired,
            self.db.as_mut(),
            &self.url,
            &settings,
            printer,
        )
    }

    /// Which findings need approval on this database: its sizes against the configured
    /// threshold (read once per command), and the deprecation marks recorded beside the
    /// history table `history` by the last apply.
    pub fn policy(&mut self, history: &str) -> Result<strata::Policy, CliError> {
        let deprecated = strata::deprecated_subjects(self.db.as_mut(), history)?;
        Ok(
            strata::policy_for(self.db.as_mut(), self.settings.threshold)?
                .with_deprecated(deprecated),
        )
    }

    /// `plan` saved for review, with fingerprints of `current`.
    pub fn saved(&self, plan: &Plan, current: &Catalog) -> SavedPlan {
        SavedPlan::new(
            plan,
            current,
            &self.settings.scope,
            self.db.dialect().name(),
            &self.label,
        )
    }
}

/// The flags `plan` and `apply` share.
pub fn overrides<'a>(
    target: &'a TargetArgs,
    dev: &'a DevArgs,
    scope: &'a ScopeArgs,
) -> Overrides<'a> {
    Overrides {
        url: target.url.as_deref(),
        schema: target.schema.as_deref(),
        ..Overrides::new(dev, scope)
    }
}
