//! The sections read as lists or tables: the user journey, the metrics and the scope.

use crate::blocks::{Block, BlockKind};
use crate::cues::phrases::{List, list};
use crate::cues::{self, Role};
use crate::prose::MarkKind;
use crate::{Journey, MetricRow, Metrics, Region, Scope, ScopeItem, Step};

use super::Roles;

/// The words that mark the "aha" step, in every language (`data/<language>/aha-words.txt`).
static AHA: List = list!("aha-words");

/// True when a journey step's text (lowercase) names it the aha moment.
fn is_aha(lower: &str) -> bool {
    AHA.iter().any(|phrase| cues::has_phrase(lower, phrase))
}

/// The user journey: the steps listed under its heading.
pub(super) fn journey(blocks: &[Block], regions: &[Region]) -> Option<Journey> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Journey)?;
    let mut steps = Vec::new();
    let items: Vec<usize> = (heading + 1..blocks.len())
        .take_while(|&i| regions[i] == Region::Journey)
        .filter(|&i| blocks[i].is_prose() && !blocks[i].is_heading())
        .collect();
    let use_items = items.iter().any(|&i| blocks[i].list.is_some());
    for i in items {
        let block = &blocks[i];
        if use_items && block.list.is_none_or(|l| !l.first) {
            continue;
        }
        let lower = block.text().to_lowercase();
        let aha = is_aha(&lower);
        steps.push(Step {
            block: i,
            prose: block.prose.clone(),
            aha,
        });
    }
    Some(Journey { heading, steps })
}

/// Which metrics-table column a header names.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Metric,
    Baseline,
    Target,
    By,
    Owner,
}

/// The columns in the order of the lists of `cues::METRICS_COLUMNS` (named in
/// `cues/index.rs`, `METRICS_COLUMN_LISTS`): the first whose words the header has
/// names it.
const COLUMNS: [Column; 5] = [
    Column::Baseline,
    Column::Target,
    Column::By,
    Column::Owner,
    Column::Metric,
];

fn column(header: &str) -> Option<Column> {
    let lists = cues::METRICS_COLUMNS.lists_in(&cues::normalize(header));
    COLUMNS
        .into_iter()
        .enumerate()
        .find(|(i, _)| lists & 1 << i != 0)
        .map(|(_, column)| column)
}

/// The metrics: rows of the table under the metrics heading.
pub(super) fn metrics(blocks: &[Block], regions: &[Region]) -> Option<Metrics> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Metrics)?;
    let mut rows = Vec::new();
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut header = None;
    for i in heading + 1..blocks.len() {
        if regions[i] != Region::Metrics {
            break;
        }
        let block = &blocks[i];
        if block.kind != BlockKind::TableRow {
            continue;
        }
        if block.header {
            header = Some(i);
            columns = block.cells.iter().map(|c| column(&c.text)).collect();
            if !columns.contains(&Some(Column::Metric)) && !columns.is_empty() {
                columns[0] = Some(Column::Metric);
            }
            continue;
        }
        let cell = |col: Column| {
            columns
                .iter()
                .position(|c| *c == Some(col))
                .and_then(|p| block.cells.get(p))
                .filter(|c| !c.is_empty() && !is_empty_cell(&c.text))
                .cloned()
        };
        if block.cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push(MetricRow {
            block: i,
            header,
            metric: cell(Column::Metric),
            baseline: cell(Column::Baseline),
            target: cell(Column::Target),
            by: cell(Column::By),
            owner: cell(Column::Owner),
        });
    }
    Some(Metrics { heading, rows })
}

fn is_empty_cell(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "–" | "?" | "n/a" | "N/A")
}

/// The scope: in-scope and out-of-scope items.
pub(super) fn scope(blocks: &[Block], roles: &Roles, regions: &[Region]) -> Option<Scope> {
    let heading = (0..blocks.len()).find(|&i| regions[i] == Region::Scope)?;
    let mut scope = Scope {
        heading,
        in_scope: Vec::new(),
        out_of_scope: Vec::new(),
    };
    let mut inside = !matches!(roles.of_block(blocks, heading), Role::Scope(Some(false)));
    for i in heading + 1..blocks.len() {
        if regions[i] != Region::Scope {
            break;
        }
        let block = &blocks[i];
        if !block.is_prose() {
            continue;
        }
        let text = block.text();
        let as_label = block.is_heading()
            || block.prose.is_all(MarkKind::Strong)
            || (block.list.is_none() && text.ends_with(':') && !cues::more_words_than(text, 4));
        if as_label {
            if let Role::Scope(Some(v)) = roles.of_block(blocks, i) {
                inside = v
            }
            continue;
        }
        if block.list.is_some_and(|l| !l.first) {
            continue;
        }
        let item = ScopeItem {
            block: i,
            prose: block.prose.clone(),
        };
        if inside {
            scope.in_scope.push(item);
        } else {
            scope.out_of_scope.push(item);
        }
    }
    Some(scope)
}

#[cfg(test)]
mod tests {
    use super::is_aha;

    #[test]
    fn the_aha_step_is_named_in_every_language_and_only_as_a_word() {
        for marked in [
            "aha: the first basket arrives",
            "the first basket arrives (aha)",
            "the aha moment: it just works",
            "a-ha! the list fills itself",
            "der aha-moment: die erste lieferung",
            "le moment aha : la première livraison",
            "momento aha: llega la primera cesta",
            "momento aha: chega a primeira cesta",
            "アハ体験：最初の注文が届く",
            "아하 모먼트: 첫 주문 도착",
            "顿悟时刻：第一单送达",
        ] {
            assert!(is_aha(marked), "{marked}");
        }
        for plain in [
            "ahead of the launch, the team signs up",
            "captain ahab orders",
            "the first basket arrives",
        ] {
            assert!(!is_aha(plain), "{plain}");
        }
    }
}
