use crate::Change;
use strata_catalog::Catalog;

/// Lists the changes that turn `from` into `to`, in a stable (not yet dependency) order.
pub fn diff(_from: &Catalog, _to: &Catalog) -> Vec<Change> {
    todo!("written by the diff helper")
}
