//! Themes: what many customers say, found without a model.
//!
//! The method is BERTopic's without its neural parts: each comment becomes a TF-IDF
//! vector (sublinear term frequency, smoothed inverse document frequency, unit length,
//! over words in at least [`ThemeOptions::min_df`] comments and at most
//! [`ThemeOptions::max_df_share`] of them); spherical k-means++ groups the vectors (a
//! fixed seed, so the same comments give the same themes); clusters whose centres are
//! at least [`ThemeOptions::merge_similarity`] alike are merged, so the number of
//! themes follows the data rather than a guess; each theme is labelled by its c-TF-IDF
//! words (the words frequent in the theme and rare in the others), sized in distinct
//! customers, counted by month, and shown by its most typical comments (those nearest
//! its centre).
//!
//! A user's renames, merges and splits are [`Choice`]s: data the recomputation takes as
//! input. Each choice names themes by their members' content keys as they were when the
//! choice was made; on a new computation each is matched to the theme that now holds
//! most of those members (at least half), so the choices survive new imports.
//!
//! Why not `linfa-clustering`: its k-means takes a dense matrix (100,000 comments by
//! 18,000 words would be 7 GB of floats) and brings some fifty crates (ndarray, rayon,
//! sprs, a k-d tree, a second `rand`); k-means on sparse rows is a page of code.
//!
//! Cost: linear in the comments' words for the vectors, `comments × clusters × words a
//! comment` a k-means round (at most [`ThemeOptions::max_iterations`] rounds), memory
//! `vocabulary × clusters` floats for the centres.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::record::{ContentKey, Date};
use crate::synth::Rng;
use crate::text::for_each_term;

/// One comment to group.
#[derive(Debug, Clone, Copy)]
pub struct Comment<'a> {
    pub key: ContentKey,
    pub text: &'a str,
    /// The customer's canonical identity (see [`Identities`](crate::Identities)); `None`
    /// counts as a customer of its own.
    pub customer: Option<&'a str>,
    pub date: Option<Date>,
}

/// How to compute themes.
#[derive(Debug, Clone)]
pub struct ThemeOptions {
    pub seed: u64,
    /// Clusters before merging; by default `√comments` between 8 and 60.
    pub initial_clusters: Option<usize>,
    /// Merge down to exactly this many themes (when there are more), whatever their
    /// similarity.
    pub count: Option<usize>,
    /// Groups of clusters whose centres are on average at least this alike (cosine) are
    /// one theme. The default, 0.12, sits in the middle of the range (0.10 to 0.15)
    /// where generated feedback of 3 to 10 planted themes and 200 to 20,000 comments
    /// keeps every planted theme whole and apart; lower merges more.
    pub merge_similarity: f32,
    pub min_df: usize,
    pub max_df_share: f32,
    /// The vocabulary keeps at most this many words (the most widespread).
    pub max_terms: usize,
    pub max_iterations: usize,
    /// How many typical comments each theme shows.
    pub typical: usize,
    /// How many words make a label.
    pub label_words: usize,
}

impl Default for ThemeOptions {
    fn default() -> ThemeOptions {
        ThemeOptions {
            seed: 20,
            initial_clusters: None,
            count: None,
            merge_similarity: 0.12,
            min_df: 2,
            max_df_share: 0.5,
            max_terms: 30_000,
            max_iterations: 40,
            typical: 3,
            label_words: 3,
        }
    }
}

/// A user's decision about themes, kept across recomputations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "lowercase")]
pub enum Choice {
    /// Give the theme that holds these comments this label.
    Rename {
        theme: Vec<ContentKey>,
        label: String,
    },
    /// Make one theme of the themes that hold each of these groups.
    Merge {
        themes: Vec<Vec<ContentKey>>,
        label: Option<String>,
    },
    /// Cut the theme that holds `theme` in parts: each comment goes with the part it was
    /// in, new comments with the part whose centre is nearest.
    Split {
        theme: Vec<ContentKey>,
        parts: Vec<Vec<ContentKey>>,
    },
}

/// Comments in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub comments: usize,
}

/// One theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub label: String,
    /// True when the label is the user's.
    pub named: bool,
    /// The theme's characteristic words, most telling first.
    pub keywords: Vec<String>,
    /// Indexes into the comments given.
    pub members: Vec<usize>,
    /// Distinct customers (a comment without one counts as one).
    pub customers: usize,
    pub trend: Vec<MonthCount>,
    /// The comments nearest the theme's centre, nearest first.
    pub typical: Vec<usize>,
}

impl Theme {
    /// The members' content keys: what a [`Choice`] names this theme by.
    pub fn snapshot(&self, comments: &[Comment]) -> Vec<ContentKey> {
        self.members.iter().map(|&i| comments[i].key).collect()
    }
}

/// The themes of a set of comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Themes {
    /// Largest first (by customers, then comments).
    pub themes: Vec<Theme>,
    /// Comments with no word in the vocabulary (too short or too rare to group).
    pub unassigned: Vec<usize>,
}

/// The comments as TF-IDF vectors (rows of a sparse matrix) with each comment's word
/// counts, ready to cluster and to split.
pub struct Model<'a> {
    comments: &'a [Comment<'a>],
    options: ThemeOptions,
    terms: Vec<String>,
    offsets: Vec<usize>,
    indices: Vec<u32>,
    weights: Vec<f32>,
    counts: Vec<u16>,
}

impl<'a> Model<'a> {
    /// Builds the vocabulary and the vectors.
    pub fn new(comments: &'a [Comment<'a>], options: &ThemeOptions) -> Model<'a> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut docs: Vec<Vec<(u32, u16)>> = Vec::with_capacity(comments.len());
        let mut seen: Vec<u32> = Vec::new();
        for comment in comments {
            seen.clear();
            for_each_term(comment.text, |term| {
                let id = match ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = df.len() as u32;
                        ids.insert(term.to_string(), id);
                        df.push(0);
                        id
                    }
                };
                seen.push(id);
            });
            seen.sort_unstable();
            let mut doc: Vec<(u32, u16)> = Vec::new();
            for &id in &seen {
                match doc.last_mut() {
                    Some((last, count)) if *last == id => *count = count.saturating_add(1),
                    _ => {
                        doc.push((id, 1));
                        df[id as usize] += 1;
                    }
                }
            }
            docs.push(doc);
        }
        let n = comments.len();
        let max_df = ((options.max_df_share as f64) * n as f64).max(1.0) as u32;
        let mut kept: Vec<u32> = (0..df.len() as u32)
            .filter(|&id| df[id as usize] as usize >= options.min_df && df[id as usize] <= max_df)
            .collect();
        let mut names: Vec<&str> = vec![""; df.len()];
        for (name, &id) in &ids {
            names[id as usize] = name;
        }
        // The most widespread words, ties by the word so the vocabulary is stable.
        kept.sort_by(|&a, &b| {
            df[b as usize]
                .cmp(&df[a as usize])
                .then(names[a as usize].cmp(names[b as usize]))
        });
        kept.truncate(options.max_terms);
        kept.sort_by(|&a, &b| names[a as usize].cmp(names[b as usize]));
        let mut remap = vec![u32::MAX; df.len()];
        let mut terms = Vec::with_capacity(kept.len());
        let mut idf = Vec::with_capacity(kept.len());
        for (new, &old) in kept.iter().enumerate() {
            remap[old as usize] = new as u32;
            terms.push(names[old as usize].to_string());
            idf.push(((1.0 + n as f64) / (1.0 + df[old as usize] as f64)).ln() as f32 + 1.0);
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut indices = Vec::new();
        let mut weights = Vec::new();
        let mut counts = Vec::new();
        offsets.push(0);
        for doc in docs {
            let start = indices.len();
            let mut pairs: Vec<(u32, u16)> = doc
                .into_iter()
                .filter_map(|(id, c)| {
                    let new = remap[id as usize];
                    (new != u32::MAX).then_some((new, c))
                })
                .collect();
            pairs.sort_unstable();
            for (id, count) in pairs {
                indices.push(id);
                counts.push(count);
                weights.push((1.0 + (count as f32).ln()) * idf[id as usize]);
            }
            let norm = weights[start..].iter().map(|w| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for w in &mut weights[start..] {
                    *w /= norm;
                }
            }
            offsets.push(indices.len());
        }
        Model {
            comments,
            options: options.clone(),
            terms,
            offsets,
            indices,
            weights,
            counts,
        }
    }

    fn row(&self, doc: usize) -> (&[u32], &[f32]) {
        let range = self.offsets[doc]..self.offsets[doc + 1];
        (&self.indices[range.clone()], &self.weights[range])
    }

    fn is_empty_row(&self, doc: usize) -> bool {
        self.offsets[doc] == self.offsets[doc + 1]
    }

    /// The vocabulary's size.
    pub fn vocabulary(&self) -> usize {
        self.terms.len()
    }

    /// Computes the themes and applies the user's choices, in their order.
    pub fn themes(&self, choices: &[Choice]) -> Themes {
        let docs: Vec<usize> = (0..self.comments.len())
            .filter(|&d| !self.is_empty_row(d))
            .collect();
        let unassigned: Vec<usize> = (0..self.comments.len())
            .filter(|&d| self.is_empty_row(d))
            .collect();
        let mut groups = self.cluster(&docs);
        let mut labels: Vec<Option<String>> = vec![None; groups.len()];
        self.apply(choices, &mut groups, &mut labels);
        let mut themes: Vec<Theme> = Vec::new();
        let kept: Vec<(Vec<usize>, Option<String>)> = groups
            .into_iter()
            .zip(labels)
            .filter(|(g, _)| !g.is_empty())
            .collect();
        let keywords = self.c_tf_idf(&kept.iter().map(|(g, _)| g.as_slice()).collect::<Vec<_>>());
        for ((members, label), keywords) in kept.into_iter().zip(keywords) {
            themes.push(self.describe(members, label, keywords));
        }
        themes.sort_by(|a, b| {
            b.customers
                .cmp(&a.customers)
                .then(b.members.len().cmp(&a.members.len()))
                .then(a.label.cmp(&b.label))
        });
        Themes { themes, unassigned }
    }

    /// Cuts `members` into `parts` groups by k-means on their vectors, as content keys:
    /// the `parts` of a [`Choice::Split`].
    pub fn split(&self, members: &[usize], parts: usize) -> Vec<Vec<ContentKey>> {
        let docs: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&d| !self.is_empty_row(d))
            .collect();
        let (assign, _) = self.kmeans(&docs, parts.max(1).min(docs.len().max(1)), None);
        let mut out: Vec<Vec<ContentKey>> = vec![Vec::new(); parts.max(1)];
        for (i, &d) in docs.iter().enumerate() {
            out[assign[i] as usize].push(self.comments[d].key);
        }
        out.retain(|p| !p.is_empty());
        out
    }

    fn initial_clusters(&self, n: usize) -> usize {
        let k = self
            .options
            .initial_clusters
            .unwrap_or_else(|| ((n as f64).sqrt() as usize).clamp(8, 60));
        let k = k.max(self.options.count.unwrap_or(0));
        k.min(n).max(1)
    }

    /// Groups of document indexes.
    fn cluster(&self, docs: &[usize]) -> Vec<Vec<usize>> {
        if docs.is_empty() {
            return Vec::new();
        }
        let k = self.initial_clusters(docs.len());
        let (assign, centroids) = self.kmeans(docs, k, None);
        let merged = self.merge(&assign, &centroids, k);
        // Refine with the merged centres.
        let (assign, _) = if merged.len() < k {
            let dim = self.terms.len();
            let mut init = vec![0f32; dim * merged.len()];
            for (c, group) in merged.iter().enumerate() {
                for &old in group {
                    for t in 0..dim {
                        init[t * merged.len() + c] += centroids[t * k + old];
                    }
                }
            }
            normalise_columns(&mut init, dim, merged.len());
            self.kmeans(docs, merged.len(), Some(init))
        } else {
            (assign, centroids)
        };
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); merged.len().max(1)];
        for (i, &d) in docs.iter().enumerate() {
            groups[assign[i] as usize].push(d);
        }
        groups.retain(|g| !g.is_empty());
        groups
    }

    /// Merges clusters by average linkage: the similarity of two groups of clusters is
    /// the mean cosine of their centres over every pair (weighted by cluster sizes);
    /// the two most alike groups merge while they are at least `merge_similarity`
    /// alike, or while there are more than `count`. Average linkage, unlike comparing
    /// the merged centres, does not let a grown group swallow its neighbours.
    fn merge(&self, assign: &[u32], centroids: &[f32], k: usize) -> Vec<Vec<usize>> {
        let dim = self.terms.len();
        let mut sizes = vec![0f64; k];
        for &a in assign {
            sizes[a as usize] += 1.0;
        }
        let mut sim = vec![0f64; k * k];
        for t in 0..dim {
            let row = &centroids[t * k..t * k + k];
            for i in 0..k {
                if row[i] == 0.0 {
                    continue;
                }
                for j in 0..k {
                    sim[i * k + j] += (row[i] * row[j]) as f64;
                }
            }
        }
        // Pairwise weighted sums of similarities between groups, and group weights.
        let mut link: Vec<f64> = (0..k * k)
            .map(|ij| sim[ij] * sizes[ij / k] * sizes[ij % k])
            .collect();
        let mut weight = sizes.clone();
        let mut groups: Vec<Option<Vec<usize>>> =
            (0..k).map(|c| (sizes[c] > 0.0).then(|| vec![c])).collect();
        let count = self.options.count;
        loop {
            let alive: Vec<usize> = (0..k).filter(|&c| groups[c].is_some()).collect();
            if alive.len() <= 1 {
                break;
            }
            let mut best: Option<(f64, usize, usize)> = None;
            for (i, &a) in alive.iter().enumerate() {
                for &b in &alive[i + 1..] {
                    let mean = link[a * k + b] / (weight[a] * weight[b]);
                    if best.is_none_or(|(s, _, _)| mean > s) {
                        best = Some((mean, a, b));
                    }
                }
            }
            let Some((mean, a, b)) = best else { break };
            let must = count.is_some_and(|c| alive.len() > c);
            let may = count.is_none_or(|c| alive.len() > c)
                && mean >= f64::from(self.options.merge_similarity);
            if !(must || may) {
                break;
            }
            for &c in &alive {
                let merged = link[a * k + c] + link[b * k + c];
                link[a * k + c] = merged;
                link[c * k + a] = merged;
            }
            link[a * k + a] += link[b * k + b] + 2.0 * link[a * k + b];
            weight[a] += weight[b];
            let moved = groups[b].take().unwrap_or_default();
            if let Some(g) = groups[a].as_mut() {
                g.extend(moved);
            }
        }
        groups.into_iter().flatten().collect()
    }

    /// Spherical k-means++ over `docs`: each doc's cluster (by position in `docs`) and
    /// the unit centres, term-major (`centres[term * k + cluster]`).
    fn kmeans(&self, docs: &[usize], k: usize, init: Option<Vec<f32>>) -> (Vec<u32>, Vec<f32>) {
        let dim = self.terms.len();
        let n = docs.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        let k = k.clamp(1, n);
        let mut rng = Rng::new(self.options.seed ^ (n as u64).wrapping_mul(0x9E37_79B9));
        let mut centres = match init {
            Some(c) => c,
            None => self.seed_centres(docs, k, &mut rng),
        };
        let mut assign = vec![u32::MAX; n];
        let mut best_sim = vec![0f32; n];
        let mut sims = vec![0f32; k];
        for _ in 0..self.options.max_iterations.max(1) {
            let mut changed = 0usize;
            for (i, &d) in docs.iter().enumerate() {
                sims.iter_mut().for_each(|s| *s = 0.0);
                let (idx, w) = self.row(d);
                for (&t, &w) in idx.iter().zip(w) {
                    let column = &centres[t as usize * k..t as usize * k + k];
                    for (s, c) in sims.iter_mut().zip(column) {
                        *s += w * c;
                    }
                }
                let (best, sim) = argmax(&sims);
                if assign[i] != best as u32 {
                    changed += 1;
                    assign[i] = best as u32;
                }
                best_sim[i] = sim;
            }
            // New centres: the normalised sum of members; an empty cluster takes the
            // comment farthest from its centre.
            centres.iter_mut().for_each(|c| *c = 0.0);
            let mut sizes = vec![0usize; k];
            for &a in &assign {
                sizes[a as usize] += 1;
            }
            for c in 0..k {
                if sizes[c] == 0
                    && let Some((far, _)) = best_sim
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| sizes[assign[*i] as usize] > 1)
                        .min_by(|a, b| a.1.total_cmp(b.1))
                {
                    sizes[assign[far] as usize] -= 1;
                    assign[far] = c as u32;
                    sizes[c] = 1;
                    best_sim[far] = 1.0;
                    changed += 1;
                }
            }
            for (i, &d) in docs.iter().enumerate() {
                let c = assign[i] as usize;
                let (idx, w) = self.row(d);
                for (&t, &w) in idx.iter().zip(w) {
                    centres[t as usize * k + c] += w;
                }
            }
            normalise_columns(&mut centres, dim, k);
            if changed == 0 {
                break;
            }
        }
        (assign, centres)
    }

    /// k-means++: each next centre is a comment drawn with probability proportional to
    /// the square of its distance (1 − cosine) from the nearest centre so far.
    fn seed_centres(&self, docs: &[usize], k: usize, rng: &mut Rng) -> Vec<f32> {
        let dim = self.terms.len();
        let mut centres = vec![0f32; dim * k];
        let mut nearest = vec![f32::INFINITY; docs.len()];
        let mut dense = vec![0f32; dim];
        let mut chosen = docs[rng.below(docs.len())];
        for c in 0..k {
            let (idx, w) = self.row(chosen);
            for (&t, &w) in idx.iter().zip(w) {
                centres[t as usize * k + c] = w;
                dense[t as usize] = w;
            }
            let mut total = 0f64;
            for (i, &d) in docs.iter().enumerate() {
                let (idx, w) = self.row(d);
                let sim: f32 = idx
                    .iter()
                    .zip(w)
                    .map(|(&t, &w)| w * dense[t as usize])
                    .sum();
                let dist = (1.0 - sim).max(0.0);
                if dist < nearest[i] {
                    nearest[i] = dist;
                }
                total += (nearest[i] as f64).powi(2);
            }
            for &t in idx {
                dense[t as usize] = 0.0;
            }
            if c + 1 == k {
                break;
            }
            chosen = if total <= 0.0 {
                docs[rng.below(docs.len())]
            } else {
                let mut target = rng.unit() * total;
                let mut pick = docs[docs.len() - 1];
                for (i, &d) in docs.iter().enumerate() {
                    target -= (nearest[i] as f64).powi(2);
                    if target <= 0.0 {
                        pick = d;
                        break;
                    }
                }
                pick
            };
        }
        centres
    }

    fn apply(
        &self,
        choices: &[Choice],
        groups: &mut Vec<Vec<usize>>,
        labels: &mut Vec<Option<String>>,
    ) {
        let index: HashMap<ContentKey, usize> = self
            .comments
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key, i))
            .collect();
        for choice in choices {
            let mut theme_of = vec![usize::MAX; self.comments.len()];
            for (g, members) in groups.iter().enumerate() {
                for &m in members {
                    theme_of[m] = g;
                }
            }
            let find = |keys: &[ContentKey]| -> Option<usize> {
                let mut votes: HashMap<usize, usize> = HashMap::new();
                let mut present = 0usize;
                for key in keys {
                    if let Some(&doc) = index.get(key) {
                        present += 1;
                        if theme_of[doc] != usize::MAX {
                            *votes.entry(theme_of[doc]).or_default() += 1;
                        }
                    }
                }
                let (theme, count) = votes
                    .into_iter()
                    .max_by_key(|&(t, c)| (c, std::cmp::Reverse(t)))?;
                (present > 0 && count * 2 >= present).then_some(theme)
            };
            match choice {
                Choice::Rename { theme, label } => {
                    if let Some(t) = find(theme) {
                        labels[t] = Some(label.clone());
                    }
                }
                Choice::Merge { themes, label } => {
                    let mut found: Vec<usize> =
                        themes.iter().filter_map(|keys| find(keys)).collect();
                    found.sort_unstable();
                    found.dedup();
                    let Some((&into, rest)) = found.split_first() else {
                        continue;
                    };
                    for &t in rest {
                        let moved = std::mem::take(&mut groups[t]);
                        groups[into].extend(moved);
                        labels[t] = None;
                    }
                    if label.is_some() {
                        labels[into] = label.clone();
                    }
                }
                Choice::Split { theme, parts } => {
                    let Some(t) = find(theme) else { continue };
                    let mut part_of: HashMap<usize, usize> = HashMap::new();
                    for (p, keys) in parts.iter().enumerate() {
                        for key in keys {
                            if let Some(&doc) = index.get(key) {
                                part_of.insert(doc, p);
                            }
                        }
                    }
                    let members = std::mem::take(&mut groups[t]);
                    let mut split: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
                    let mut rest = Vec::new();
                    for m in members {
                        match part_of.get(&m) {
                            Some(&p) => split[p].push(m),
                            None => rest.push(m),
                        }
                    }
                    let centres: Vec<Option<HashMap<u32, f32>>> = split
                        .iter()
                        .map(|g| (!g.is_empty()).then(|| self.centre(g)))
                        .collect();
                    for m in rest {
                        let (idx, w) = self.row(m);
                        let best = centres
                            .iter()
                            .enumerate()
                            .filter_map(|(p, c)| {
                                let c = c.as_ref()?;
                                let sim: f32 = idx
                                    .iter()
                                    .zip(w)
                                    .map(|(t, w)| w * c.get(t).unwrap_or(&0.0))
                                    .sum();
                                Some((p, sim))
                            })
                            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                        match best {
                            Some((p, _)) => split[p].push(m),
                            None => split[0].push(m),
                        }
                    }
                    let label = labels[t].take();
                    let mut split = split.into_iter().filter(|g| !g.is_empty());
                    groups[t] = split.next().unwrap_or_default();
                    labels[t] = label;
                    for g in split {
                        groups.push(g);
                        labels.push(None);
                    }
                }
            }
        }
    }

    /// The unit centre of some comments, as a sparse map.
    fn centre(&self, members: &[usize]) -> HashMap<u32, f32> {
        let mut sum: HashMap<u32, f32> = HashMap::new();
        for &m in members {
            let (idx, w) = self.row(m);
            for (&t, &w) in idx.iter().zip(w) {
                *sum.entry(t).or_default() += w;
            }
        }
        let norm = sum.values().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            sum.values_mut().for_each(|x| *x /= norm);
        }
        sum
    }

    /// Each group's words by c-TF-IDF: `tf(t, theme) · ln(1 + A / f(t))`, with `tf` the
    /// word's share of the theme's words, `A` the average words a theme and `f(t)` the
    /// word's count over all themes.
    fn c_tf_idf(&self, groups: &[&[usize]]) -> Vec<Vec<String>> {
        let dim = self.terms.len();
        let mut per_group: Vec<HashMap<u32, f64>> = Vec::with_capacity(groups.len());
        let mut totals = vec![0f64; groups.len()];
        let mut overall = vec![0f64; dim];
        for (g, members) in groups.iter().enumerate() {
            let mut counts: HashMap<u32, f64> = HashMap::new();
            for &m in members.iter() {
                let range = self.offsets[m]..self.offsets[m + 1];
                for (&t, &c) in self.indices[range.clone()].iter().zip(&self.counts[range]) {
                    *counts.entry(t).or_default() += c as f64;
                    overall[t as usize] += c as f64;
                    totals[g] += c as f64;
                }
            }
            per_group.push(counts);
        }
        let average = totals.iter().sum::<f64>() / groups.len().max(1) as f64;
        per_group
            .into_iter()
            .zip(totals)
            .map(|(counts, total)| {
                let mut scored: Vec<(f64, &str)> = counts
                    .into_iter()
                    .map(|(t, c)| {
                        let tf = c / total.max(1.0);
                        let idf = (1.0 + average / overall[t as usize].max(1.0)).ln();
                        (tf * idf, self.terms[t as usize].as_str())
                    })
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
                scored
                    .into_iter()
                    .take(10)
                    .map(|(_, t)| t.to_string())
                    .collect()
            })
            .collect()
    }

    fn describe(
        &self,
        mut members: Vec<usize>,
        label: Option<String>,
        keywords: Vec<String>,
    ) -> Theme {
        members.sort_unstable();
        let mut customers: HashSet<&str> = HashSet::new();
        let mut anonymous = 0usize;
        let mut months: BTreeMap<String, usize> = BTreeMap::new();
        for &m in &members {
            let c = &self.comments[m];
            match c.customer {
                Some(id) => {
                    customers.insert(id);
                }
                None => anonymous += 1,
            }
            if let Some(date) = c.date {
                *months.entry(date.month_key()).or_default() += 1;
            }
        }
        let centre = self.centre(&members);
        let mut by_fit: Vec<(f32, usize)> = members
            .iter()
            .map(|&m| {
                let (idx, w) = self.row(m);
                let sim: f32 = idx
                    .iter()
                    .zip(w)
                    .map(|(t, w)| w * centre.get(t).unwrap_or(&0.0))
                    .sum();
                (sim, m)
            })
            .collect();
        by_fit.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let typical = by_fit
            .into_iter()
            .take(self.options.typical)
            .map(|(_, m)| m)
            .collect();
        let named = label.is_some();
        let label = label.unwrap_or_else(|| {
            keywords
                .iter()
                .take(self.options.label_words)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        });
        Theme {
            label,
            named,
            keywords,
            customers: customers.len() + anonymous,
            trend: months
                .into_iter()
                .map(|(month, comments)| MonthCount { month, comments })
                .collect(),
            typical,
            members,
        }
    }
}

/// Computes the themes of `comments` (see the module's documentation).
pub fn themes(comments: &[Comment], options: &ThemeOptions, choices: &[Choice]) -> Themes {
    Model::new(comments, options).themes(choices)
}

fn argmax(values: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, &v) in values.iter().enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best
}

/// Scales each column (cluster) of a term-major `dim × k` matrix to unit length.
fn normalise_columns(matrix: &mut [f32], dim: usize, k: usize) {
    let mut norms = vec![0f32; k];
    for t in 0..dim {
        for (c, n) in norms.iter_mut().enumerate() {
            let x = matrix[t * k + c];
            *n += x * x;
        }
    }
    for n in &mut norms {
        *n = if *n > 0.0 { 1.0 / n.sqrt() } else { 0.0 };
    }
    for t in 0..dim {
        for (c, n) in norms.iter().enumerate() {
            matrix[t * k + c] *= n;
        }
    }
}
