//! One customer across sources: identities that appear on the same row (an email and an
//! account id) are the same customer, and so is every row that shares either.

use std::collections::HashMap;

use crate::record::{Customer, Record};

/// A union of customer identities. Feed it every record; then [`Identities::canonical`]
/// names each customer by one identity (the smallest of its group: emails sort before
/// account ids, account ids before names), so counts of distinct customers merge
/// sources.
#[derive(Debug, Default, Clone)]
pub struct Identities {
    index: HashMap<Customer, usize>,
    parent: Vec<usize>,
    members: Vec<Customer>,
}

impl Identities {
    pub fn new() -> Identities {
        Identities::default()
    }

    fn id(&mut self, customer: &Customer) -> usize {
        if let Some(&i) = self.index.get(customer) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.members.push(customer.clone());
        self.index.insert(customer.clone(), i);
        i
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return;
        }
        // The smaller identity leads, so the canonical name does not depend on order.
        if self.members[ra] <= self.members[rb] {
            self.parent[rb] = ra;
        } else {
            self.parent[ra] = rb;
        }
    }

    /// Notes that these identities belong to one customer.
    pub fn link(&mut self, identities: &[Customer]) {
        let Some(first) = identities.first() else {
            return;
        };
        let a = self.id(first);
        for other in &identities[1..] {
            let b = self.id(other);
            self.union(a, b);
        }
    }

    /// Notes a record's identities.
    pub fn add(&mut self, record: &Record) {
        if let Some(customer) = &record.customer {
            let mut all = vec![customer.clone()];
            all.extend(record.aliases.iter().cloned());
            self.link(&all);
        }
    }

    /// The identity that names `customer`'s group (itself when never seen).
    pub fn canonical(&mut self, customer: &Customer) -> Customer {
        match self.index.get(customer) {
            Some(&i) => {
                let root = self.root(i);
                self.members[root].clone()
            }
            None => customer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_and_an_account_on_one_row_merge_every_row_of_either() {
        let email = Customer::email("dana@example.com").unwrap();
        let account = Customer::account("ACME-7").unwrap();
        let other = Customer::account("acme-8").unwrap();
        let mut ids = Identities::new();
        ids.link(std::slice::from_ref(&account));
        ids.link(&[account.clone(), email.clone()]);
        ids.link(std::slice::from_ref(&other));
        assert_eq!(ids.canonical(&account), email);
        assert_eq!(ids.canonical(&email), email);
        assert_eq!(ids.canonical(&other), other);
        let stranger = Customer::email("x@example.com").unwrap();
        assert_eq!(ids.canonical(&stranger), stranger);
    }
}
