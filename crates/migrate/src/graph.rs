//! Graph algorithms over revision indices: a stable topological order, cycle finding and
//! closures. Kept free of files and databases so they are easy to test.
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// Orders nodes so that every node comes after the nodes it requires; among nodes that
/// are ready at the same time the smallest `rank` goes first (file name order), so the
/// order is the same on every machine. Returns a cycle when there is one.
pub fn topo_order(requires: &[Vec<usize>], rank: &[usize]) -> Result<Vec<usize>, Vec<usize>> {
    let n = requires.len();
    let mut waiting: Vec<usize> = requires.iter().map(Vec::len).collect();
    let mut dependents = vec![Vec::new(); n];
    for (node, reqs) in requires.iter().enumerate() {
        for &r in reqs {
            dependents[r].push(node);
        }
    }
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..n)
        .filter(|&i| waiting[i] == 0)
        .map(|i| Reverse((rank[i], i)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, node))) = ready.pop() {
        order.push(node);
        for &d in &dependents[node] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(Reverse((rank[d], d)));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    Err(find_cycle(requires, &waiting))
}

/// A cycle among the nodes left over by [`topo_order`]: walk "requires" edges from a
/// leftover node until a node repeats.
fn find_cycle(requires: &[Vec<usize>], waiting: &[usize]) -> Vec<usize> {
    let stuck = |i: usize| waiting[i] > 0;
    let Some(start) = (0..requires.len()).find(|&i| stuck(i)) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut node = start;
    loop {
        // A stuck node always requires another stuck node, or it would have been ready.
        let Some(&next) = requires[node].iter().find(|&&r| stuck(r)) else {
            return path;
        };
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut cycle = path.split_off(pos);
            cycle.reverse();
            return cycle;
        }
        path.push(next);
        node = next;
    }
}

/// Every node reachable from `start` along `edges`, including `start`.
pub fn closure(start: &[usize], edges: &[Vec<usize>]) -> BTreeSet<usize> {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = start.to_vec();
    while let Some(node) = stack.pop() {
        if seen.insert(node) {
            stack.extend(edges[node].iter().copied());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_requirements_then_rank() {
        // 0 <- 1, 0 <- 2, {1,2} <- 3; rank puts 2 before 1.
        let requires = vec![vec![], vec![0], vec![0], vec![1, 2]];
        let order = topo_order(&requires, &[0, 2, 1, 3]).unwrap();
        assert_eq!(order, [0, 2, 1, 3]);
    }

    #[test]
    fn reports_a_cycle_in_order() {
        // 0 <- 1 <- 2 <- 1 ; 3 requires 2
        let requires = vec![vec![], vec![0, 2], vec![1], vec![2]];
        let cycle = topo_order(&requires, &[0, 1, 2, 3]).unwrap_err();
        let mut sorted = cycle.clone();
        sorted.sort();
        assert_eq!(sorted, [1, 2]);
    }

    #[test]
    fn closures_follow_edges() {
        let requires = vec![vec![], vec![0], vec![1], vec![0]];
        assert_eq!(closure(&[2], &requires), BTreeSet::from([0, 1, 2]));
        assert_eq!(closure(&[3], &requires), BTreeSet::from([0, 3]));
    }
}
