//! Qualifying every function and operator in an expression with `pg_catalog`, so that
//! evaluating it can only run built-in code.
use super::kinds::Refused;
use pg_query::Node;
use pg_query::NodeEnum as N;
use pg_query::protobuf::AExprKind;

/// Qualifies the functions and operators in `node`; `Ok(true)` when anything changed.
/// Refuses expressions it cannot see through, since it could not vouch for them.
pub(super) fn qualify(node: &mut Node, context: &str) -> Result<bool, Refused> {
    let Some(inner) = node.node.as_mut() else {
        return Ok(false);
    };
    match inner {
        N::AConst(_) | N::ColumnRef(_) | N::ParamRef(_) | N::SqlvalueFunction(_) => Ok(false),
        N::FuncCall(f) => {
            if f.over.is_some() {
                return Err(unsupported("a window function", context));
            }
            set_catalog(&mut f.funcname);
            all(&mut f.args, context)?;
            all(&mut f.agg_order, context)?;
            one(&mut f.agg_filter, context)?;
            Ok(true)
        }
        N::AExpr(a) => {
            if a.kind() != AExprKind::AexprOp {
                return Err(unsupported("this operator form", context));
            }
            set_catalog(&mut a.name);
            one(&mut a.lexpr, context)?;
            one(&mut a.rexpr, context)?;
            Ok(true)
        }
        N::TypeCast(t) => one(&mut t.arg, context),
        N::CollateClause(c) => one(&mut c.arg, context),
        N::NamedArgExpr(n) => one(&mut n.arg, context),
        N::NullTest(n) => one(&mut n.arg, context),
        N::BooleanTest(b) => one(&mut b.arg, context),
        N::SortBy(s) => one(&mut s.node, context),
        N::BoolExpr(b) => all(&mut b.args, context),
        N::CoalesceExpr(c) => all(&mut c.args, context),
        N::MinMaxExpr(m) => all(&mut m.args, context),
        N::RowExpr(r) => all(&mut r.args, context),
        N::AArrayExpr(a) => all(&mut a.elements, context),
        N::List(l) => all(&mut l.items, context),
        N::CaseExpr(c) => {
            let a = one(&mut c.arg, context)?;
            let b = all(&mut c.args, context)?;
            Ok(one(&mut c.defresult, context)? | a | b)
        }
        N::CaseWhen(w) => Ok(one(&mut w.expr, context)? | one(&mut w.result, context)?),
        N::SubLink(_) => Err(unsupported("a subquery", context)),
        other => Err(unsupported(&super::kinds::kind_name(other), context)),
    }
}

fn one(node: &mut Option<Box<Node>>, context: &str) -> Result<bool, Refused> {
    match node {
        Some(n) => qualify(n, context),
        None => Ok(false),
    }
}

fn all(nodes: &mut [Node], context: &str) -> Result<bool, Refused> {
    let mut changed = false;
    for n in nodes {
        changed |= qualify(n, context)?;
    }
    Ok(changed)
}

/// `f` and `public.f` become `pg_catalog.f`.
fn set_catalog(names: &mut Vec<Node>) {
    let last = names.pop();
    names.clear();
    names.push(string("pg_catalog"));
    names.extend(last);
}

fn string(s: &str) -> Node {
    Node {
        node: Some(N::String(pg_query::protobuf::String { sval: s.into() })),
    }
}

fn unsupported(what: &str, context: &str) -> Refused {
    Refused::new(
        format!("{context} uses {what}, which strata cannot check"),
        format!(
            "PostgreSQL evaluates {context} while the schema loads, so strata only allows \
             constants, casts and built-in functions and operators there"
        ),
    )
}
