//! Saved plans: the plan a reviewer approved, applied exactly as reviewed.
//!
//! `plan --out` writes a [`SavedPlan`]: the statements with their transaction boundaries,
//! the scope, and a fingerprint of every managed object of the live database it was
//! planned against. `apply --plan` introspects the database again (under the runner lock),
//! and runs those statements only when every fingerprint still matches; otherwise it names
//! what changed. The schema files are not read again: the reviewed plan is the contract.
use crate::Error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use strata_catalog::{Catalog, Kind, ObjectId, Scope};
use strata_plan::{Plan, Step};

/// The saved-plan format this strata writes and reads.
pub const SAVED_PLAN_FORMAT: u32 = 1;

/// A plan saved for review and later application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    /// [`SAVED_PLAN_FORMAT`] when written.
    pub format_version: u32,
    /// `strata <version>` that wrote it.
    pub strata_version: String,
    /// The dialect it was rendered for (`postgres`, `sqlite`).
    pub dialect: String,
    /// The database it was planned against, without any password (for people; the
    /// fingerprints decide).
    pub target: String,
    /// What was managed when planning; applying introspects with the same scope.
    pub scope: Scope,
    /// How the steps run: `single` means all of them in one transaction; `groups`
    /// means by the steps' own boundaries (`transactional`, `own_transaction`: see
    /// [`Plan::groups`]), which `apply --plan` follows.
    pub transaction: String,
    /// The steps, as reviewed.
    pub steps: Vec<Step>,
    /// Settings the statements assume when run as text (see [`Plan::preamble`]).
    #[serde(default)]
    pub preamble: Vec<String>,
    /// The server version its findings assumed (see [`Plan::server_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    /// `sha256:<hex>` of each managed object of the live database, by object
    /// (`table public.users`).
    pub fingerprints: BTreeMap<String, String>,
}

impl SavedPlan {
    /// Saves `plan`, made against the live catalog `live` (read within `scope`).
    pub fn new(plan: &Plan, live: &Catalog, scope: &Scope, dialect: &str, target: &str) -> Self {
        SavedPlan {
            format_version: SAVED_PLAN_FORMAT,
            strata_version: format!("strata {}", env!("CARGO_PKG_VERSION")),
            dialect: dialect.to_string(),
            target: target.to_string(),
            scope: scope.clone(),
            transaction: if plan.is_single_transaction() {
                "single".into()
            } else {
                "groups".into()
            },
            steps: plan.steps.clone(),
            preamble: plan.preamble.clone(),
            server_version: plan.server_version.clone(),
            fingerprints: fingerprints(live),
        }
    }

    /// The JSON text of the file.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("saved plans serialize");
        text.push('\n');
        text
    }

    /// Reads a saved plan, refusing formats this strata does not know.
    pub fn from_json(text: &str) -> Result<SavedPlan, Error> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::SavedPlan(e.to_string()))?;
        let version = value.get("format_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(SAVED_PLAN_FORMAT)) {
            return Err(Error::SavedPlan(format!(
                "format_version {} is not one this strata reads (it reads {SAVED_PLAN_FORMAT})",
                version.map_or("missing".to_string(), |v| v.to_string())
            )));
        }
        let saved: SavedPlan =
            serde_json::from_value(value).map_err(|e| Error::SavedPlan(e.to_string()))?;
        let single = saved.plan().is_single_transaction();
        match saved.transaction.as_str() {
            "single" if single => Ok(saved),
            "groups" if !single => Ok(saved),
            other => Err(Error::SavedPlan(format!(
                "transaction `{other}` does not match its steps (expected `{}`)",
                if single { "single" } else { "groups" }
            ))),
        }
    }

    /// The plan to run.
    pub fn plan(&self) -> Plan {
        Plan {
            steps: self.steps.clone(),
            preamble: self.preamble.clone(),
            server_version: self.server_version.clone(),
        }
    }

    /// Checks that `live` (read with [`SavedPlan::scope`]) is the database the plan was
    /// made against: the objects that differ, were added or are gone, by name.
    pub fn changes_since(&self, live: &Catalog) -> Vec<String> {
        let now = fingerprints(live);
        let mut changed = Vec::new();
        for (object, print) in &self.fingerprints {
            match now.get(object) {
                Some(p) if p == print => {}
                Some(_) => changed.push(format!("{object} changed")),
                None => changed.push(format!("{object} is gone")),
            }
        }
        for object in now.keys() {
            if !self.fingerprints.contains_key(object) {
                changed.push(format!("{object} is new"));
            }
        }
        changed
    }
}

/// A fingerprint of every object of a catalog, keyed by the object's name. Grants count
/// as part of the object they are on.
pub fn fingerprints(catalog: &Catalog) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for kind in Kind::ALL {
        fingerprint_kind(catalog, kind, &mut out);
    }
    let mut grants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in &catalog.grants {
        grants
            .entry(format!("grants on {}", g.object))
            .or_default()
            .push(serde_json::to_string(g).expect("grants serialize"));
    }
    for (key, list) in grants {
        out.insert(key, hash(&list.join("\n")));
    }
    out
}

/// The fingerprints of every object of one kind.
fn fingerprint_kind(catalog: &Catalog, kind: Kind, out: &mut BTreeMap<String, String>) {
    let c = catalog;
    match kind {
        Kind::Schema => put_all(out, &c.schemas, |n| ObjectId::Schema(n.clone())),
        Kind::Extension => put_all(out, &c.extensions, |n| ObjectId::Extension(n.clone())),
        Kind::Collation => put_all(out, &c.collations, |n| ObjectId::Collation(n.clone())),
        Kind::Type => put_all(out, &c.types, |n| ObjectId::Type(n.clone())),
        Kind::Sequence => put_all(out, &c.sequences, |n| ObjectId::Sequence(n.clone())),
        // A table's fingerprint covers its columns, constraints and policies.
        Kind::Table => put_all(out, &c.tables, |n| ObjectId::Table(n.clone())),
        Kind::Column | Kind::Constraint | Kind::Policy => {}
        Kind::Index => put_all(out, &c.indexes, |n| ObjectId::Index(n.clone())),
        Kind::View => put_all(out, &c.views, |n| ObjectId::View(n.clone())),
        Kind::Function => put_all(out, &c.functions, |(n, a)| {
            ObjectId::Function(n.clone(), a.clone())
        }),
        Kind::Trigger => put_all(out, &c.triggers, |(t, n)| {
            ObjectId::Trigger(t.clone(), n.clone())
        }),
        Kind::EventTrigger => put_all(out, &c.event_triggers, |n| {
            ObjectId::EventTrigger(n.clone())
        }),
    }
}

fn put_all<K, V: Serialize>(
    out: &mut BTreeMap<String, String>,
    objects: &BTreeMap<K, V>,
    id: impl Fn(&K) -> ObjectId,
) {
    for (key, value) in objects {
        put(out, id(key), value);
    }
}

fn put<T: Serialize>(out: &mut BTreeMap<String, String>, id: ObjectId, value: &T) {
    let json = serde_json::to_string(value).expect("catalog objects serialize");
    out.insert(id.to_string(), hash(&json));
}

fn hash(text: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_catalog::{Column, QualName, Table};

    fn catalog(column_type: &str) -> Catalog {
        let name = QualName::new("public", "users");
        let mut c = Catalog::default();
        c.tables.insert(
            name.clone(),
            Table::new(name, vec![Column::new("id", column_type)]),
        );
        c
    }

    #[test]
    fn saved_plans_round_trip_and_notice_changes() {
        let live = catalog("integer");
        let saved = SavedPlan::new(&Plan::default(), &live, &Scope::default(), "postgres", "x");
        let back = SavedPlan::from_json(&saved.to_json()).unwrap();
        assert_eq!(back, saved);
        assert!(back.changes_since(&live).is_empty());
        assert_eq!(
            back.changes_since(&catalog("bigint")),
            ["table public.users changed"]
        );
        assert_eq!(
            back.changes_since(&Catalog::default()),
            ["table public.users is gone"]
        );
    }

    #[test]
    fn unknown_formats_are_refused() {
        let err = SavedPlan::from_json(r#"{"format_version": 99}"#).unwrap_err();
        assert!(err.to_string().contains("format_version 99"), "{err}");
        assert!(SavedPlan::from_json("not json").is_err());
    }
}
