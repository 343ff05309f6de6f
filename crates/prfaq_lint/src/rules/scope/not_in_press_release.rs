//! SC601 scope-item-not-in-press-release.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds in-scope items that no part of the press release promises: items that share
    /// no key word with the press release.
    ///
    /// ## Why is this bad?
    /// Scope that no customer-facing claim needs is scope creep. Every in-scope item
    /// should name the press-release claim it delivers, so cutting a claim cuts its work.
    ///
    /// ## Example
    /// ```markdown
    /// # Scope
    /// ## In scope
    /// - Migrate the order service to a new queue
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Scope
    /// ## In scope
    /// - One-tap reorder from order history (delivers: "restock in one tap")
    /// ```
    pub struct ScopeItemNotInPressRelease;
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(scope) = &ctx.doc.scope else {
        return;
    };
    if !ctx.doc.has_press_release() {
        return;
    }
    let release = super::key_words(&ctx.doc.press_release_prose().text);
    for item in &scope.in_scope {
        let words = super::key_words(&item.prose.text);
        if words.is_empty() || words.iter().any(|w| release.contains(w)) {
            continue;
        }
        out.push(
            Violation::new(
                item.prose.source_span(),
                format!(
                    "`{}` delivers nothing the press release promises",
                    item.prose.text.trim()
                ),
            )
            .help("name the press-release claim this item delivers, or move it out of scope"),
        );
    }
}
