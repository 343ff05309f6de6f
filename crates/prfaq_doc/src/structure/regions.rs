//! Regions: press release, FAQ, journey, metrics, scope or other, from what the
//! headings announce and, with no FAQ heading, from runs of questions.

use crate::Region;
use crate::blocks::{Block, BlockKind};
use crate::cues::{self, Role};
use crate::prose::MarkKind;

use super::Roles;

/// True for a block that asks a question in a way that only FAQs do: a bold question,
/// a `Q:` line, or a heading that ends in `?`.
fn is_strong_question(block: &Block) -> bool {
    let text = block.text();
    match block.kind {
        BlockKind::Heading(_) => cues::is_question(text),
        BlockKind::Paragraph | BlockKind::Item => {
            let bold_question = block
                .prose
                .leading(MarkKind::Strong)
                .is_some_and(|m| cues::is_question(&block.prose.text[m.range.clone()]));
            let q_line = cues::question_prefix(text) > 0
                && (text.starts_with('Q') || text.starts_with("Question"));
            bold_question || q_line
        }
        _ => false,
    }
}

/// Assigns each block a region from what the headings announce.
pub(super) fn regions(blocks: &[Block], roles: &Roles) -> Vec<Region> {
    let roles = &roles.0;
    let has_pr_heading = roles.contains(&Some(Role::PressRelease));
    let mut region = if has_pr_heading {
        Region::Preamble
    } else {
        Region::PressRelease
    };
    // The heading level that opened the current region; 0 when it was implicit.
    let mut level: u8 = 0;
    let mut out = Vec::with_capacity(blocks.len());
    let mut first_heading = true;
    // Worked out the first time a question is met, so each block is looked at once:
    // for each heading level the last question heading of it (index + 1, 0 for none),
    // and for each block whether a strong question follows it before the next heading.
    let mut last_question_heading: Option<[usize; 7]> = None;
    let mut strong_question_follows: Option<Vec<bool>> = None;
    for (i, block) in blocks.iter().enumerate() {
        if let Some(l) = block.heading_level() {
            let role = roles[i].unwrap_or(Role::Other);
            let nested = |region_now: Region, level_now: u8| region_now == region && l > level_now;
            match role {
                Role::PressRelease => {
                    region = Region::PressRelease;
                    level = l;
                }
                Role::Faq(_) => {
                    if !nested(Region::Faq, level) {
                        region = Region::Faq;
                        level = l;
                    }
                }
                Role::Journey => {
                    region = Region::Journey;
                    level = l;
                }
                Role::Metrics => {
                    region = Region::Metrics;
                    level = l;
                }
                Role::Scope(_) => {
                    if !nested(Region::Scope, level) {
                        region = Region::Scope;
                        level = l;
                    }
                }
                Role::Part(_) | Role::Quote | Role::Summary => {
                    let inside_other = matches!(
                        region,
                        Region::Faq | Region::Journey | Region::Metrics | Region::Scope
                    ) && l > level;
                    if !inside_other && region != Region::PressRelease {
                        region = Region::PressRelease;
                        level = l.saturating_sub(1);
                    }
                }
                Role::Title { .. } if first_heading => {}
                Role::Title { .. } | Role::Other => {
                    let question = cues::is_question(block.text()) && !first_heading;
                    if region == Region::PressRelease
                        && !first_heading
                        && role == Role::Other
                        && cues::ends_release(block.text())
                    {
                        // `## Internal notes` inside the release: the release ends.
                        region = Region::Other;
                        level = l;
                    } else if question && region != Region::Faq {
                        // Questions with no FAQ heading: an FAQ begins when two or more
                        // question headings of this level follow.
                        let last = last_question_heading
                            .get_or_insert_with(|| last_question_headings(blocks));
                        if last[usize::from(l).min(6)] > i + 1 {
                            region = Region::Faq;
                            level = l.saturating_sub(1);
                        }
                    } else if region != Region::Preamble && region != Region::Faq || !question {
                        let ends = match region {
                            Region::PressRelease => level > 0 && l <= level,
                            Region::Preamble => false,
                            _ => l <= level,
                        };
                        if ends {
                            region = Region::Other;
                            level = l;
                        }
                    }
                }
            }
            first_heading = false;
        } else if matches!(region, Region::PressRelease | Region::Preamble)
            && is_strong_question(block)
        {
            // Bold or `Q:` questions after the press release with no FAQ heading.
            let follows =
                strong_question_follows.get_or_insert_with(|| strong_questions_follow(blocks));
            if follows[i] {
                region = Region::Faq;
                level = 0;
            }
        }
        out.push(region);
    }
    out
}

/// For each heading level, the last question heading of it (index + 1, 0 for none).
fn last_question_headings(blocks: &[Block]) -> [usize; 7] {
    let mut last = [0; 7];
    for (j, b) in blocks.iter().enumerate() {
        if let Some(level) = b.heading_level()
            && cues::is_question(b.text())
        {
            last[usize::from(level).min(6)] = j + 1;
        }
    }
    last
}

/// For each block, whether a strong question follows it before the next heading.
fn strong_questions_follow(blocks: &[Block]) -> Vec<bool> {
    let mut follows = vec![false; blocks.len()];
    let mut seen = false;
    for (j, b) in blocks.iter().enumerate().rev() {
        follows[j] = seen;
        if b.is_heading() {
            seen = false;
        } else if is_strong_question(b) {
            seen = true;
        }
    }
    follows
}
