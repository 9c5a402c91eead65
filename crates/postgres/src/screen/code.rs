//! Statements that bring code onto the server: extensions (their scripts run as they are
//! created), function languages, and foreign-data wrapper validators. Only code known to
//! stay inside the database is allowed by default; `[load]` in strata.toml allows more.
use super::kinds::Refused;
use super::text::dotted;
use pg_query::NodeEnum as N;
use pg_query::protobuf::{CreateExtensionStmt, CreateFunctionStmt, CreatePLangStmt};
use strata_execute::LoadRules;

/// Extensions that only define types, operators and functions.
const EXTENSIONS: &[&str] = &[
    "plpgsql",
    "amcheck",
    "autoinc",
    "bloom",
    "btree_gin",
    "btree_gist",
    "citext",
    "cube",
    "dict_int",
    "dict_xsyn",
    "earthdistance",
    "fuzzystrmatch",
    "hstore",
    "insert_username",
    "intagg",
    "intarray",
    "isn",
    "lo",
    "ltree",
    "moddatetime",
    "pg_trgm",
    "pgcrypto",
    "refint",
    "seg",
    "tablefunc",
    "tcn",
    "tsm_system_rows",
    "tsm_system_time",
    "unaccent",
    "uuid-ossp",
    "postgis",
    "postgis_topology",
    "postgis_raster",
    "vector",
];

/// Trusted languages: PostgreSQL lets any user create functions in them because their code
/// cannot reach outside the database.
const LANGUAGES: &[&str] = &["sql", "plpgsql", "plperl", "pltcl", "plv8"];

/// `CREATE EXTENSION`: the extension must be allowed, and `CASCADE` could install others
/// that are not.
pub(super) fn create_extension(e: &CreateExtensionStmt, rules: &LoadRules) -> Result<(), Refused> {
    let cascade = e.options.iter().any(|o| match &o.node {
        Some(N::DefElem(d)) => d.defname == "cascade",
        _ => false,
    });
    if cascade {
        return Err(Refused::new(
            format!(
                "CREATE EXTENSION {} ... CASCADE is not allowed in a schema file",
                e.extname
            ),
            "CASCADE could install an extension that is not allowed; create the \
             extensions it needs explicitly, before it",
        ));
    }
    extension(&e.extname, rules)
}

/// An extension named by `CREATE` or `ALTER EXTENSION` must be allowed.
pub(super) fn extension(name: &str, rules: &LoadRules) -> Result<(), Refused> {
    if EXTENSIONS.contains(&name) || rules.extensions.iter().any(|e| e == name) {
        return Ok(());
    }
    Err(Refused::new(
        format!("extension {name} is not allowed in a schema file"),
        format!(
            "its scripts may act outside the database (only extensions that define types, \
             operators and functions are allowed by default); allow it with \
             `extensions = [\"{name}\"]` under `[load]` in strata.toml"
        ),
    ))
}

/// `CREATE FUNCTION` / `CREATE PROCEDURE`: a trusted language with its code inline, or a
/// language the configuration allows.
pub(super) fn function(f: &CreateFunctionStmt, rules: &LoadRules) -> Result<(), Refused> {
    let mut language = "sql".to_string();
    let mut compiled = false;
    for option in &f.options {
        let Some(N::DefElem(d)) = &option.node else {
            continue;
        };
        match (
            d.defname.as_str(),
            d.arg.as_ref().and_then(|a| a.node.as_ref()),
        ) {
            ("language", Some(N::String(s))) => language = s.sval.to_lowercase(),
            // `AS 'obj_file', 'link_symbol'`: compiled code in a shared library.
            ("as", Some(N::List(l))) => compiled = l.items.len() > 1,
            _ => {}
        }
    }
    let trusted = LANGUAGES.contains(&language.as_str()) && !compiled;
    if trusted || configured(&language, rules) {
        return Ok(());
    }
    let what = if f.is_procedure {
        "PROCEDURE"
    } else {
        "FUNCTION"
    };
    let name = dotted(&f.funcname);
    let message = if compiled {
        format!(
            "CREATE {what} {name} loads compiled code (AS 'obj_file', 'symbol'), which is \
             not allowed in a schema file"
        )
    } else {
        format!("CREATE {what} {name} in language {language} is not allowed in a schema file")
    };
    Err(Refused::new(message, language_hint(&language)))
}

/// `CREATE LANGUAGE`: only a trusted or configured one.
pub(super) fn language(l: &CreatePLangStmt, rules: &LoadRules) -> Result<(), Refused> {
    let name = l.plname.to_lowercase();
    if LANGUAGES.contains(&name.as_str()) || configured(&name, rules) {
        return Ok(());
    }
    Err(Refused::new(
        format!("CREATE LANGUAGE {name} is not allowed in a schema file"),
        language_hint(&name),
    ))
}

fn configured(language: &str, rules: &LoadRules) -> bool {
    rules
        .languages
        .iter()
        .any(|l| l.eq_ignore_ascii_case(language))
}

fn language_hint(language: &str) -> String {
    format!(
        "only trusted languages ({}) are allowed by default: code in other languages can \
         act on the server outside the database; allow it with `languages = [\"{language}\"]` \
         under `[load]` in strata.toml",
        LANGUAGES.join(", ")
    )
}

/// A foreign-data wrapper's validator is called as soon as the wrapper (and each server,
/// user mapping and foreign table using it) is created, so a user function there would run
/// while the schema loads. Wrappers from extensions come with their own validators and are
/// created by the extension's script, not by the schema file.
pub(super) fn wrapper(name: &str, func_options: &[pg_query::Node]) -> Result<(), Refused> {
    for option in func_options {
        let Some(N::DefElem(d)) = &option.node else {
            continue;
        };
        let validator = match d.arg.as_ref().and_then(|a| a.node.as_ref()) {
            Some(N::List(l)) if d.defname == "validator" => dotted(&l.items),
            _ => continue,
        };
        if validator != "pg_catalog.postgresql_fdw_validator" {
            return Err(Refused::new(
                format!(
                    "FOREIGN DATA WRAPPER {name} with VALIDATOR {validator} is not allowed in a \
                     schema file"
                ),
                "the validator function runs while the schema loads; create the wrapper with \
                 its extension (allowed under `[load]` in strata.toml), or use \
                 VALIDATOR pg_catalog.postgresql_fdw_validator",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::kinds::{Verdict, judge};
    use super::*;

    fn screen(sql: &str, rules: &LoadRules) -> Result<Verdict, Refused> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let node = parsed.protobuf.stmts[0].stmt.clone().unwrap().node.unwrap();
        judge(&node, rules)
    }

    #[test]
    fn extensions_follow_the_allow_list() {
        let none = LoadRules::default();
        assert_eq!(
            screen("CREATE EXTENSION IF NOT EXISTS pg_trgm", &none),
            Ok(Verdict::Load)
        );
        assert_eq!(
            screen("CREATE EXTENSION \"uuid-ossp\"", &none),
            Ok(Verdict::Load)
        );
        let refused = screen("CREATE EXTENSION dblink", &none).unwrap_err();
        assert_eq!(
            refused.message,
            "extension dblink is not allowed in a schema file"
        );
        assert!(
            refused.hint.unwrap().contains(
                "allow it with `extensions = [\"dblink\"]` under `[load]` in strata.toml"
            )
        );
        let dblink = LoadRules {
            extensions: vec!["dblink".into()],
            ..LoadRules::default()
        };
        assert_eq!(
            screen("CREATE EXTENSION dblink", &dblink),
            Ok(Verdict::Load)
        );
        assert!(screen("ALTER EXTENSION postgres_fdw UPDATE", &none).is_err());
        assert!(screen("ALTER EXTENSION dblink UPDATE", &dblink).is_ok());
        assert!(
            screen("CREATE EXTENSION earthdistance CASCADE", &none)
                .unwrap_err()
                .message
                .contains("CASCADE")
        );
    }

    #[test]
    fn functions_need_a_trusted_or_configured_language() {
        let none = LoadRules::default();
        let f = |lang: &str| {
            format!("CREATE FUNCTION f() RETURNS int LANGUAGE {lang} AS $$ select 1 $$")
        };
        assert_eq!(screen(&f("plpgsql"), &none), Ok(Verdict::Load));
        assert_eq!(screen(&f("SQL"), &none), Ok(Verdict::Load));
        assert_eq!(
            screen("CREATE FUNCTION f() RETURNS int RETURN 1", &none),
            Ok(Verdict::Load)
        );
        let refused = screen(&f("plperlu"), &none).unwrap_err();
        assert_eq!(
            refused.message,
            "CREATE FUNCTION f in language plperlu is not allowed in a schema file"
        );
        assert!(
            refused
                .hint
                .unwrap()
                .contains("`languages = [\"plperlu\"]` under `[load]`")
        );
        let c = "CREATE FUNCTION f(int) RETURNS int AS 'mylib', 'f' LANGUAGE c";
        assert!(
            screen(c, &none)
                .unwrap_err()
                .message
                .contains("compiled code")
        );
        assert!(screen("CREATE PROCEDURE p() LANGUAGE internal AS 'x'", &none).is_err());
        let plperlu = LoadRules {
            languages: vec!["plperlu".into(), "c".into()],
            ..LoadRules::default()
        };
        assert_eq!(screen(&f("plperlu"), &plperlu), Ok(Verdict::Load));
        assert_eq!(screen(c, &plperlu), Ok(Verdict::Load));
        assert!(screen("CREATE LANGUAGE plpython3u", &none).is_err());
        assert!(screen("CREATE TRUSTED LANGUAGE plperl HANDLER h", &none).is_ok());
    }

    #[test]
    fn wrapper_validators_must_be_built_in() {
        let none = LoadRules::default();
        assert!(screen("CREATE FOREIGN DATA WRAPPER w", &none).is_ok());
        assert!(
            screen(
                "CREATE FOREIGN DATA WRAPPER w VALIDATOR pg_catalog.postgresql_fdw_validator",
                &none
            )
            .is_ok()
        );
        assert!(screen("CREATE FOREIGN DATA WRAPPER w VALIDATOR my_check", &none).is_err());
        assert!(screen("ALTER FOREIGN DATA WRAPPER w VALIDATOR my_check", &none).is_err());
        assert!(screen("ALTER FOREIGN DATA WRAPPER w NO VALIDATOR", &none).is_ok());
    }
}
