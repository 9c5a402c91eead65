//! What an `ALTER COLUMN .. TYPE` costs: a table rewrite (safety notes §6.3) and whether
//! values can be lost or fail to convert. Types are `format_type` strings.

/// The cost of converting a column from one type to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Conversion {
    /// The table and its indexes are rewritten.
    pub rewrite: bool,
    /// Values may be truncated, rounded, or fail to convert.
    pub lossy: bool,
}

const FREE: Conversion = Conversion {
    rewrite: false,
    lossy: false,
};
const REWRITE: Conversion = Conversion {
    rewrite: true,
    lossy: false,
};
const LOSSY: Conversion = Conversion {
    rewrite: true,
    lossy: true,
};

/// A parsed `format_type` string: `character varying(20)[]` is base `character varying`,
/// modifiers `[20]`, array.
#[derive(Debug, PartialEq)]
struct Ty {
    base: String,
    mods: Vec<i64>,
    array: bool,
}

fn parse(text: &str) -> Ty {
    let mut text = text.trim();
    let array = text.ends_with("[]");
    while let Some(rest) = text.strip_suffix("[]") {
        text = rest;
    }
    let mut base = String::new();
    let mut mods = Vec::new();
    let mut rest = text;
    // Modifiers sit after the first word(s): `timestamp(3) with time zone`.
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|i| open + i) else {
            break;
        };
        base.push_str(&rest[..open]);
        mods.extend(
            rest[open + 1..close]
                .split(',')
                .filter_map(|m| m.trim().parse::<i64>().ok()),
        );
        rest = &rest[close + 1..];
    }
    base.push_str(rest);
    Ty {
        base: base.split_whitespace().collect::<Vec<_>>().join(" "),
        mods,
        array,
    }
}

/// The cost of `ALTER COLUMN .. TYPE to` on a column of type `from`.
pub(crate) fn conversion(from: &str, to: &str) -> Conversion {
    let (a, b) = (parse(from), parse(to));
    if a.array != b.array {
        return LOSSY;
    }
    if a.base == b.base {
        return same_base(&a, &b);
    }
    between_bases(&a, &b)
}

fn same_base(a: &Ty, b: &Ty) -> Conversion {
    if a.mods == b.mods {
        return FREE;
    }
    match a.base.as_str() {
        "character varying" | "bit varying" => length_change(&a.mods, &b.mods, false),
        "character" | "bit" => length_change(&a.mods, &b.mods, true),
        "numeric" => numeric_change(&a.mods, &b.mods),
        base if is_temporal(base) => precision_change(&a.mods, &b.mods),
        _ => LOSSY,
    }
}

/// Lengths: growing or removing the limit is free for variable-length types; fixed
/// lengths always rewrite (padding changes).
fn length_change(from: &[i64], to: &[i64], fixed: bool) -> Conversion {
    let grows = match (from.first(), to.first()) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(x), Some(y)) => y >= x,
    };
    match (grows, fixed) {
        (true, false) => FREE,
        (true, true) => REWRITE,
        (false, _) => LOSSY,
    }
}

fn numeric_change(from: &[i64], to: &[i64]) -> Conversion {
    let (Some(&p), Some(&q)) = (from.first(), to.first()) else {
        return if to.is_empty() { FREE } else { LOSSY };
    };
    let (s, t) = (
        from.get(1).copied().unwrap_or(0),
        to.get(1).copied().unwrap_or(0),
    );
    if s == t && q >= p {
        FREE
    } else if t >= s && q - t >= p - s {
        REWRITE
    } else {
        LOSSY
    }
}

fn is_temporal(base: &str) -> bool {
    base.starts_with("timestamp") || base.starts_with("time") || base.starts_with("interval")
}

fn precision_change(from: &[i64], to: &[i64]) -> Conversion {
    match (from.first(), to.first()) {
        (_, None) => FREE,
        (Some(x), Some(y)) if y >= x => FREE,
        _ => LOSSY,
    }
}

fn is_text(t: &Ty) -> bool {
    matches!(t.base.as_str(), "text" | "character varying") && t.mods.is_empty()
}

/// Width in bytes of the integer types, for widening checks.
fn int_width(base: &str) -> Option<u8> {
    match base {
        "smallint" => Some(2),
        "integer" => Some(4),
        "bigint" => Some(8),
        _ => None,
    }
}

fn between_bases(a: &Ty, b: &Ty) -> Conversion {
    let (from, to) = (a.base.as_str(), b.base.as_str());
    if is_text(a) && is_text(b) {
        // text and varchar are binary-coercible both ways.
        return FREE;
    }
    if from == "character varying" && to == "text" {
        return FREE;
    }
    if from == "cidr" && to == "inet" {
        return FREE;
    }
    if is_text(b) {
        // Every type has a text form.
        return REWRITE;
    }
    if let (Some(x), Some(y)) = (int_width(from), int_width(to)) {
        return if y >= x { REWRITE } else { LOSSY };
    }
    if let Some(width) = int_width(from) {
        return from_integer(width, b);
    }
    match (from, to) {
        ("real", "double precision") => REWRITE,
        ("timestamp without time zone", "timestamp with time zone")
        | ("timestamp with time zone", "timestamp without time zone") => REWRITE,
        ("date", t) if t.starts_with("timestamp") => REWRITE,
        ("json", "jsonb") | ("jsonb", "json") => REWRITE,
        _ => LOSSY,
    }
}

fn from_integer(width: u8, to: &Ty) -> Conversion {
    let digits = match width {
        2 => 5,
        4 => 10,
        _ => 19,
    };
    match to.base.as_str() {
        "numeric" => match (to.mods.first(), to.mods.get(1)) {
            (None, _) => REWRITE,
            (Some(p), s) if p - s.copied().unwrap_or(0) >= digits => REWRITE,
            _ => LOSSY,
        },
        // Doubles hold integers exactly up to 2^53, reals up to 2^24.
        "double precision" if width <= 4 => REWRITE,
        "real" if width <= 2 => REWRITE,
        _ => LOSSY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_modifiers_anywhere() {
        assert_eq!(
            parse("timestamp(3) with time zone[]"),
            Ty {
                base: "timestamp with time zone".into(),
                mods: vec![3],
                array: true
            }
        );
        assert_eq!(parse("numeric(10,2)").mods, vec![10, 2]);
    }

    #[test]
    fn classifies_common_changes() {
        assert_eq!(
            conversion("character varying(10)", "character varying(20)"),
            FREE
        );
        assert_eq!(
            conversion("character varying(20)", "character varying(10)"),
            LOSSY
        );
        assert_eq!(conversion("character varying(20)", "text"), FREE);
        assert_eq!(conversion("text", "character varying"), FREE);
        assert_eq!(conversion("text", "character varying(5)"), LOSSY);
        assert_eq!(conversion("numeric(10,2)", "numeric(12,2)"), FREE);
        assert_eq!(conversion("numeric(10,2)", "numeric(8,2)"), LOSSY);
        assert_eq!(conversion("numeric(10,2)", "numeric"), FREE);
        assert_eq!(conversion("integer", "bigint"), REWRITE);
        assert_eq!(conversion("bigint", "integer"), LOSSY);
        assert_eq!(conversion("text", "integer"), LOSSY);
        assert_eq!(conversion("integer", "text"), REWRITE);
        assert_eq!(conversion("integer", "numeric(12,0)"), REWRITE);
        assert_eq!(conversion("integer", "numeric(5,2)"), LOSSY);
        assert_eq!(conversion("cidr", "inet"), FREE);
        assert_eq!(
            conversion(
                "timestamp(3) without time zone",
                "timestamp without time zone"
            ),
            FREE
        );
        assert_eq!(conversion("timestamp with time zone", "date"), LOSSY);
        assert_eq!(conversion("public.mood", "text"), REWRITE);
        assert_eq!(conversion("text", "public.mood"), LOSSY);
        assert_eq!(conversion("integer[]", "bigint[]"), REWRITE);
    }
}
