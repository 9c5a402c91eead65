//! Which parts of a database strata manages.
use crate::{Catalog, Kind, ObjectId, QualName};

/// Limits a catalog to the schemas and names a user manages. Applied after introspection,
/// the same way on both sides of a diff, so left-out objects never show up as changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    /// Managed schemas; `None` means all non-system schemas.
    pub schemas: Option<Vec<String>>,
    /// Glob patterns (`*`, `?`) matched against `name` and `schema.name`.
    pub exclude: Vec<String>,
    /// Leave privileges (GRANT/REVOKE) alone.
    pub exclude_privileges: bool,
}

impl Scope {
    /// Whether an object with this qualified name is managed.
    pub fn includes(&self, name: &QualName) -> bool {
        self.includes_schema(&name.schema)
            && !self.exclude.iter().any(|p| {
                glob_match(p, &name.name)
                    || glob_match(p, &format!("{}.{}", name.schema, name.name))
            })
    }

    /// Whether a schema is managed.
    pub fn includes_schema(&self, schema: &str) -> bool {
        match &self.schemas {
            Some(list) => list.iter().any(|s| s == schema),
            None => true,
        }
    }

    fn includes_object(&self, id: &ObjectId) -> bool {
        match id {
            ObjectId::Schema(s) => self.includes_schema(s) && !self.excludes_name(s),
            ObjectId::Extension(_) => true,
            // A trigger's name is matched in its table's schema, like the objects there.
            ObjectId::Trigger(t, n) => {
                self.includes(t) && self.includes(&QualName::new(&t.schema, n))
            }
            // Event triggers belong to no schema, so the schema list does not limit them
            // (their function's scope does, in `Catalog::retain`).
            ObjectId::EventTrigger(n) => !self.excludes_name(n),
            ObjectId::Collation(n)
            | ObjectId::Type(n)
            | ObjectId::Sequence(n)
            | ObjectId::Table(n)
            | ObjectId::Index(n)
            | ObjectId::View(n)
            | ObjectId::Function(n, _)
            | ObjectId::Column(n, _)
            | ObjectId::Constraint(n, _)
            | ObjectId::Policy(n, _) => self.includes(n),
        }
    }

    /// Whether an exclude pattern names an unqualified name (a schema, an event trigger).
    fn excludes_name(&self, name: &str) -> bool {
        self.exclude.iter().any(|p| glob_match(p, name))
    }

    /// Removes everything outside the scope from a catalog: every kind of object, the
    /// grants on them and the dependency edges between them.
    pub fn apply(&self, catalog: &mut Catalog) {
        for kind in Kind::ALL {
            catalog.retain(kind, |id| self.includes_object(id));
        }
        if self.exclude_privileges {
            catalog.grants.clear();
        } else {
            catalog.grants.retain(|g| self.includes_object(&g.object));
        }
        catalog
            .dependencies
            .retain(|(a, b)| self.includes_object(a) && self.includes_object(b));
        catalog
            .unmanaged
            .retain(|u| u.schema.as_deref().is_none_or(|s| self.includes_schema(s)));
    }
}

/// Matches `*` (any run) and `?` (one character); everything else literally.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("strata_*", "strata_history"));
        assert!(glob_match("public.t?", "public.t1"));
        assert!(!glob_match("t?", "t12"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn scope_filters_schemas_and_patterns() {
        let scope = Scope {
            schemas: Some(vec!["app".into()]),
            exclude: vec!["tmp_*".into()],
            exclude_privileges: false,
        };
        assert!(scope.includes(&QualName::new("app", "users")));
        assert!(!scope.includes(&QualName::new("public", "users")));
        assert!(!scope.includes(&QualName::new("app", "tmp_x")));
    }

    #[test]
    fn event_triggers_go_with_their_name_and_function() {
        let trigger = |name: &str, schema: &str| crate::EventTrigger {
            name: name.into(),
            event: crate::EventTriggerEvent::DdlCommandEnd,
            tags: Vec::new(),
            function: QualName::new(schema, "audit"),
            enabled: crate::TriggerState::Origin,
            comment: None,
        };
        let mut catalog = Catalog::default();
        for t in [
            trigger("audit_ddl", "app"),
            trigger("tmp_probe", "app"),
            trigger("other_ddl", "public"),
        ] {
            catalog.event_triggers.insert(t.name.clone(), t);
        }
        let scope = Scope {
            schemas: Some(vec!["app".into()]),
            exclude: vec!["tmp_*".into()],
            exclude_privileges: false,
        };
        scope.apply(&mut catalog);
        let kept: Vec<&String> = catalog.event_triggers.keys().collect();
        assert_eq!(kept, ["audit_ddl"]);
    }
}
