//! Functions PostgreSQL calls on its own, without a call in any statement: a cast's
//! function when a value is converted, an operator class's operators and support functions
//! when values are compared (partition bounds are sorted with them), a range type's
//! canonical and difference functions, a base type's input function when a literal is
//! read, an operator's function wherever PostgreSQL picks the operator, and a domain's
//! checks and default whenever a constant becomes the domain. All of
//! that happens while the schema loads too, so the names there are pinned to
//! `pg_catalog` ([`pin`]): only built-ins can answer, and naming another schema is refused.
use super::kinds::Refused;
use super::qualify::{pin, qualify};
use pg_query::Node;
use pg_query::NodeEnum as N;
use pg_query::protobuf::{
    AlterDomainStmt, ConstrType, CreateCastStmt, CreateDomainStmt, CreateRangeStmt, DefineStmt,
    ObjectType,
};

/// `CREATE CAST ... WITH FUNCTION f`.
pub(super) fn cast(c: &mut CreateCastStmt) -> Result<bool, Refused> {
    match c.func.as_mut() {
        Some(f) => pin(&mut f.objname, "a cast's function"),
        None => Ok(false),
    }
}

/// `CREATE OPERATOR CLASS` and `ALTER OPERATOR FAMILY ... ADD` items.
pub(super) fn operator_items(items: &mut [Node]) -> Result<bool, Refused> {
    let mut changed = false;
    for item in items {
        if let Some(N::CreateOpClassItem(i)) = item.node.as_mut()
            && let Some(name) = i.name.as_mut()
        {
            changed |= pin(
                &mut name.objname,
                "an operator class's operators and support functions",
            )?;
        }
    }
    Ok(changed)
}

/// `CREATE TYPE ... AS RANGE`: its canonical and subtype difference functions.
pub(super) fn range(r: &mut CreateRangeStmt) -> Result<bool, Refused> {
    functions_in(&mut r.params, &["canonical", "subtype_diff"])
}

/// `CREATE TYPE name (INPUT = ..., ...)`: a base type's functions; `CREATE OPERATOR`: the
/// function behind it and its estimators. An operator's function is pinned because
/// PostgreSQL picks operators by itself (for `IN`, `LIKE`, `BETWEEN`, comparisons of a
/// user type), choosing a schema's operator when its argument types match better.
pub(super) fn define(d: &mut DefineStmt) -> Result<bool, Refused> {
    match d.kind() {
        ObjectType::ObjectType => functions_in(
            &mut d.definition,
            &[
                "input",
                "output",
                "receive",
                "send",
                "typmod_in",
                "typmod_out",
                "analyze",
                "subscript",
            ],
        ),
        ObjectType::ObjectOperator => functions_in(
            &mut d.definition,
            &["function", "procedure", "restrict", "join"],
        ),
        _ => Ok(false),
    }
}

/// `CREATE DOMAIN`: its CHECK constraints and default, with every function and operator.
pub(super) fn domain(d: &mut CreateDomainStmt) -> Result<bool, Refused> {
    let mut changed = false;
    for constraint in &mut d.constraints {
        if let Some(N::Constraint(k)) = constraint.node.as_mut() {
            changed |= domain_expression(k.contype(), k.raw_expr.as_deref_mut())?;
        }
    }
    Ok(changed)
}

/// `ALTER DOMAIN ... ADD CONSTRAINT` and `ALTER DOMAIN ... SET DEFAULT`.
pub(super) fn alter_domain(d: &mut AlterDomainStmt) -> Result<bool, Refused> {
    let subtype = d.subtype.clone();
    match (subtype.as_str(), d.def.as_deref_mut()) {
        (
            "C",
            Some(Node {
                node: Some(N::Constraint(k)),
            }),
        ) => domain_expression(k.contype(), k.raw_expr.as_deref_mut()),
        ("T", Some(default)) => qualify(default, "a domain's default"),
        _ => Ok(false),
    }
}

fn domain_expression(kind: ConstrType, expr: Option<&mut Node>) -> Result<bool, Refused> {
    let context = match kind {
        ConstrType::ConstrCheck => "a domain's CHECK constraint",
        ConstrType::ConstrDefault => "a domain's default",
        _ => return Ok(false),
    };
    match expr {
        Some(e) => qualify(e, context),
        None => Ok(false),
    }
}

/// Pins the functions named by the options `names` (`canonical = f`).
fn functions_in(params: &mut [Node], names: &[&str]) -> Result<bool, Refused> {
    let mut changed = false;
    for param in params {
        let Some(N::DefElem(d)) = param.node.as_mut() else {
            continue;
        };
        if !names.contains(&d.defname.as_str()) {
            continue;
        }
        let context = format!("the {} function of a type", d.defname);
        let Some(arg) = d.arg.as_deref_mut().and_then(|a| a.node.as_mut()) else {
            continue;
        };
        changed |= match arg {
            N::TypeName(t) => pin(&mut t.names, &context)?,
            N::List(l) => pin(&mut l.items, &context)?,
            _ => false,
        };
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::super::screen;
    use strata_execute::LoadRules;

    fn sent(sql: &str) -> String {
        let out = screen(sql, &LoadRules::default()).unwrap_or_else(|r| panic!("{sql}: {r:?}"));
        out[0].text.clone()
    }

    fn refusal(sql: &str) -> String {
        screen(sql, &LoadRules::default()).unwrap_err().message
    }

    #[test]
    fn casts_name_only_built_in_functions() {
        assert!(
            sent("CREATE CAST (int AS t) WITH FUNCTION f(int);").contains("pg_catalog.f"),
            "pinned"
        );
        assert!(
            refusal("CREATE CAST (int AS t) WITH FUNCTION public.f(int);")
                .starts_with("a cast's function uses public.f")
        );
        assert_eq!(
            sent("CREATE CAST (int AS t) WITH INOUT;"),
            "CREATE CAST (int AS t) WITH INOUT"
        );
    }

    #[test]
    fn operator_classes_name_only_built_ins() {
        let out = sent(
            "CREATE OPERATOR CLASS my_ops FOR TYPE int USING btree AS \
             OPERATOR 1 <, FUNCTION 1 my_cmp(int, int);",
        );
        assert!(out.contains("pg_catalog.my_cmp"), "{out}");
        assert!(
            refusal(
                "ALTER OPERATOR FAMILY f USING btree ADD FUNCTION 1 (int, int) public.my_cmp(int, int);"
            )
            .contains("public.my_cmp")
        );
    }

    #[test]
    fn ranges_base_types_and_domains_name_only_built_ins() {
        assert!(
            refusal("CREATE TYPE r AS RANGE (subtype = int, subtype_diff = public.diff);")
                .contains("public.diff")
        );
        assert!(
            sent("CREATE TYPE fr AS RANGE (subtype = float8, subtype_diff = float8mi);")
                .contains("pg_catalog.float8mi")
        );
        assert!(sent("CREATE TYPE b (INPUT = b_in, OUTPUT = b_out);").contains("pg_catalog.b_in"));
        let op = sent("CREATE OPERATOR === (leftarg = int, rightarg = int, function = eq3);");
        assert!(op.contains("pg_catalog.eq3"), "{op}");
        assert!(
            refusal("CREATE OPERATOR === (leftarg = int, rightarg = int, procedure = public.eq3);")
                .contains("public.eq3")
        );
        let d = sent(
            "CREATE DOMAIN d AS text CHECK (VALUE IN ('a', 'b') AND VALUE LIKE '%' AND length(VALUE) BETWEEN 1 AND 5);",
        );
        assert!(d.contains("pg_catalog.length(value)"), "{d}");
        assert!(
            d.contains("IN ('a', 'b')") && d.contains("LIKE") && d.contains("BETWEEN"),
            "{d}"
        );
        let out = sent("CREATE DOMAIN d AS int DEFAULT f() CHECK (g(VALUE) AND VALUE > 0);");
        assert!(
            out.contains("pg_catalog.f()") && out.contains("pg_catalog.g(value)"),
            "{out}"
        );
        assert!(
            refusal("CREATE DOMAIN d AS int CHECK (public.pwn('x'));")
                .starts_with("a domain's CHECK constraint uses public.pwn")
        );
        assert!(
            sent("ALTER DOMAIN d ADD CONSTRAINT c CHECK (ok(VALUE));").contains("pg_catalog.ok")
        );
        assert!(sent("ALTER DOMAIN d SET DEFAULT f();").contains("pg_catalog.f()"));
    }
}
