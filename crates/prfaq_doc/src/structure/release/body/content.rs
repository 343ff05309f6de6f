//! Parts read from content and place: quotes wherever they stand, the opening summary,
//! and unlabelled text in the classic order (summary, problem, solution, leader quote,
//! how it works, customer quote, call to action).

use crate::blocks::BlockKind;
use crate::cues;
use crate::prose::{MarkKind, Prose};
use crate::{Found, PartKind};

use super::super::builder::Builder;
use super::Body;
use super::labels::Label;

impl Body<'_> {
    /// Quoted speech with a speaker (or in a block quote) is a quote whatever section
    /// it stands in; gives `content` back when it is not a quote.
    pub(super) fn quote(&mut self, b: &mut Builder, i: usize, content: Prose) -> Option<Prose> {
        let block = &self.blocks[i];
        let quote_label = matches!(
            self.label,
            Some((
                Label::Quote | Label::Part(PartKind::LeaderQuote | PartKind::CustomerQuote),
                ..
            ))
        );
        let speech = cues::has_speech(&content.text);
        let continues_quote = matches!(
            self.previous,
            Some(PartKind::LeaderQuote | PartKind::CustomerQuote)
        ) && (content
            .text
            .trim_start()
            .starts_with(['"', '“', '„', '«', '「', '『'])
            || block.quote_depth > 0
            || block.list.is_some());
        // The speaker matters only to a quote: speech, or the rest of the quote before.
        let mut speaker = if speech || continues_quote {
            cues::speaker(&content.text)
        } else {
            None
        };
        // `> - Albert from San Francisco` under a quoted paragraph: Markdown reads the
        // attribution's dash as a list marker, so the line itself is the speaker.
        let mut attribution = false;
        if continues_quote && !speech && speaker.is_none() && block.list.is_some() {
            speaker = cues::attribution_line(&content.text);
            attribution = speaker.is_some();
        }
        let is_quote = speech && (speaker.is_some() || block.quote_depth > 0 || quote_label)
            || continues_quote;
        if !is_quote {
            return Some(content);
        }
        let kind = match self.label {
            Some((Label::Part(k @ (PartKind::LeaderQuote | PartKind::CustomerQuote)), ..)) => k,
            _ if continues_quote && !speech => self.previous.unwrap_or(PartKind::CustomerQuote),
            _ => match speaker.as_deref().and_then(cues::speaker_is_leader) {
                Some(true) => PartKind::LeaderQuote,
                Some(false) => PartKind::CustomerQuote,
                None if b.has(PartKind::LeaderQuote) => PartKind::CustomerQuote,
                None => PartKind::LeaderQuote,
            },
        };
        let found = match self.label {
            Some((Label::Part(_) | Label::Quote, _, found)) if quote_label => found,
            _ => Found::Inferred,
        };
        let extend = continues_quote && (speaker.is_none() || attribution);
        b.add(kind, found, i, content, extend);
        if !extend {
            if let Some(last) = b.parts.last_mut() {
                last.speaker = speaker;
            }
        } else if let (Some(last), Some(s)) = (b.parts.last_mut(), speaker) {
            last.speaker.get_or_insert(s);
        }
        if kind == PartKind::LeaderQuote {
            self.after_leader_quote = true;
        }
        self.previous = Some(kind);
        None
    }

    /// The summary is the first body paragraph, before any part of the body; an opening
    /// that states the problem is the problem instead. Gives `content` back when the
    /// block is neither.
    pub(super) fn opening(&mut self, b: &mut Builder, i: usize, content: Prose) -> Option<Prose> {
        let block = &self.blocks[i];
        let body_started = PartKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    PartKind::Headline | PartKind::Subheadline | PartKind::Dateline
                )
            })
            .any(|k| b.has(k));
        if self.summary_block.is_none() && body_started {
            self.summary_block = Some(usize::MAX);
        }
        if self.summary_block.is_none() && block.list.is_none() {
            let (problem, solution) = cues::BodyText::new(&content.text).problem_and_solution();
            if problem >= 2 && problem > solution && !b.has(PartKind::Problem) {
                // An opening that states the problem (a motivation, not an announcement).
                self.summary_block = Some(usize::MAX);
                b.add(PartKind::Problem, Found::Inferred, i, content, false);
                self.previous = Some(PartKind::Problem);
                return None;
            }
            self.summary_block = Some(i);
            if !(b.has(PartKind::Solution) || self.label.is_some()) {
                // Marked so a later solution paragraph can take over.
                b.add_summary(i, content);
            }
            // The summary stands alone: the next paragraph starts its own part.
            self.previous = None;
            return None;
        }
        if Some(i) == self.summary_block {
            b.add_summary(i, content);
            self.previous = None;
            return None;
        }
        Some(content)
    }

    /// Unlabelled body text after the summary: lists and tables continue the part
    /// before them; anything else takes the part its words and place suggest.
    pub(super) fn by_content(&mut self, b: &mut Builder, i: usize, content: Prose) {
        let block = &self.blocks[i];
        if (block.list.is_some() || block.kind == BlockKind::TableRow)
            && let Some(kind) = self.previous
        {
            b.add(kind, Found::Inferred, i, content, true);
            return;
        }
        let has_link = content.marks_of(MarkKind::Link).next().is_some();
        let body = cues::BodyText::new(&content.text);
        let (problem, solution) = body.problem_and_solution();
        let mut how = body.how();
        let call_cues = body.call_cues();
        let cta = body.call(call_cues, has_link);
        if cues::has_instruction(&content.text) {
            // An instruction to the reader ("Point your camera at …") walks through use.
            how += 2;
        }
        let has_real_solution = b.has_real_solution();
        let cue_words = body.call(call_cues, false);
        let no_problem_yet = !b.has(PartKind::Problem) && !self.after_leader_quote;
        let last = Some(i) == self.last_prose;
        let previous = self.previous;
        let kind = if cta >= 4 && cue_words >= 2 && (has_real_solution || b.has(PartKind::Solution))
            || (last && cta >= 4)
            // The classic order closes with the call to action after the customer quote:
            // one call-to-action phrase is enough there ("Get started now").
            || (last && cta >= 2 && previous == Some(PartKind::CustomerQuote))
        {
            PartKind::CallToAction
        } else if no_problem_yet
            && problem >= 2
            && problem > solution
            && (!has_real_solution || problem >= 3 && problem > solution + 1)
        {
            // The classic order puts the problem first, but a paragraph that plainly
            // states one is the problem wherever it stands before the quotes.
            PartKind::Problem
        } else if previous == Some(PartKind::Problem) && problem > solution + 2 {
            PartKind::Problem
        } else if !has_real_solution && !self.after_leader_quote {
            if how >= 2 && how > solution + 1 && b.has(PartKind::Solution) {
                PartKind::HowItWorks
            } else {
                PartKind::Solution
            }
        } else if self.after_leader_quote || how >= 2 {
            PartKind::HowItWorks
        } else {
            match previous {
                Some(PartKind::Problem) | None => PartKind::Solution,
                Some(kind) => kind,
            }
        };
        self.continue_or_add(b, kind, Found::Inferred, i, content);
    }
}
