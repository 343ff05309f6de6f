//! BM25 over feedback held in memory: the claim suggestions, and a reference ranking
//! for tests. (At scale the store searches with its database's own full-text index.)
//!
//! Words are read by [`text`](crate::text) as everywhere else, so a query's quotes,
//! operators and SQL meta-characters are literal: they only separate words.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::claims::Claim;
use crate::text::for_each_term;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation.
const B: f32 = 0.75;

/// An inverted index of some texts.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: HashMap<String, u32>,
    /// For each term, the documents that hold it and how often.
    postings: Vec<Vec<(u32, u16)>>,
    lengths: Vec<u32>,
    average: f32,
}

/// A document found, by its position among the texts indexed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
}

/// The best feedback for one claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The claim's position in the list given.
    pub claim: usize,
    pub hits: Vec<Hit>,
}

impl Index {
    /// Indexes `texts`; a hit's `doc` is a text's position.
    pub fn new<'t>(texts: impl IntoIterator<Item = &'t str>) -> Index {
        let mut index = Index::default();
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for (doc, text) in texts.into_iter().enumerate() {
            counts.clear();
            let mut length = 0u32;
            for_each_term(text, |term| {
                length += 1;
                let id = match index.terms.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = index.postings.len() as u32;
                        index.terms.insert(term.to_string(), id);
                        index.postings.push(Vec::new());
                        id
                    }
                };
                let c = counts.entry(id).or_default();
                *c = c.saturating_add(1);
            });
            for (&id, &count) in &counts {
                index.postings[id as usize].push((doc as u32, count));
            }
            index.lengths.push(length);
        }
        let total: u64 = index.lengths.iter().map(|&l| u64::from(l)).sum();
        index.average = total as f32 / index.lengths.len().max(1) as f32;
        index
    }

    /// How many texts are indexed.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// The `limit` best texts for `query` by BM25, best first (ties by position); only
    /// texts sharing a word with the query.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut ids: Vec<u32> = Vec::new();
        for_each_term(query, |term| {
            if let Some(&id) = self.terms.get(term) {
                ids.push(id);
            }
        });
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() || limit == 0 {
            return Vec::new();
        }
        let n = self.len() as f32;
        // Dense scores and the list of documents touched: linear in the postings read.
        let mut scores = vec![0f32; self.len()];
        let mut touched: Vec<u32> = Vec::new();
        for id in ids {
            let postings = &self.postings[id as usize];
            let df = postings.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in postings {
                let tf = f32::from(tf);
                let length = self.lengths[doc as usize] as f32;
                let norm = K1 * (1.0 - B + B * length / self.average.max(1.0));
                let score = &mut scores[doc as usize];
                if *score == 0.0 {
                    touched.push(doc);
                }
                *score += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        let mut hits: Vec<Hit> = touched
            .into_iter()
            .map(|doc| Hit {
                doc: doc as usize,
                score: scores[doc as usize],
            })
            .collect();
        let by_rank = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, by_rank);
            hits.truncate(limit);
        }
        hits.sort_by(by_rank);
        hits
    }
}

/// For each claim, the `limit` best-matching texts of `index`.
pub fn suggest(claims: &[Claim], index: &Index, limit: usize) -> Vec<Suggestion> {
    claims
        .iter()
        .enumerate()
        .map(|(claim, c)| Suggestion {
            claim,
            hits: index.search(&c.query(), limit),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_and_shorter_texts_rank_higher() {
        let texts = [
            "The export to PDF is slow",
            "Export export export everything to CSV please, export now",
            "Refund me, I was charged twice",
            "Dark mode please",
            "The app is slow and the export to PDF fails and the sync is slow and login fails",
        ];
        let index = Index::new(texts);
        let hits = index.search("pdf export", 10);
        let docs: Vec<usize> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [0, 4, 1]);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(index.search("refund", 10)[0].doc, 2);
        assert!(index.search("kettle", 10).is_empty());
        assert_eq!(index.search("please", 1).len(), 1);
    }

    #[test]
    fn quotes_operators_and_sql_are_literal_words() {
        let texts = [
            "charged twice, refund please",
            "OR DROP TABLE feedback",
            "nothing here",
        ];
        let index = Index::new(texts);
        let docs = |q: &str| {
            index
                .search(q, 10)
                .iter()
                .map(|h| h.doc)
                .collect::<Vec<_>>()
        };
        assert_eq!(docs("\"refund\" -charged*"), [0]);
        assert_eq!(docs("'; DROP TABLE feedback; --"), [1]);
        assert_eq!(docs("NOT refund"), [0]);
        assert!(docs("\" * ( ) : ^ ~").is_empty());
    }
}
