//! Markdown to safe HTML.
//!
//! Documents are written by members but read by everyone in the workspace, so the
//! rendered HTML must be inert whatever the text holds. Rather than render HTML and then
//! clean it (which needs an HTML parser), the Markdown events are filtered before any
//! HTML exists: raw HTML becomes escaped text (shown, never interpreted), and a link or
//! image keeps its target only when the URL is relative or `http`, `https` or `mailto`.
//! Images from other sites become links, so opening a document sends no request
//! anywhere. pulldown-cmark escapes every text, attribute and URL it writes.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Renders Markdown to HTML that runs no script and loads nothing from elsewhere.
pub(crate) fn render(source: &str) -> String {
    // Footnotes and heading attributes stay off: both write `id` attributes chosen by
    // the author, which could shadow the ids the page's script looks up.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut events = Vec::new();
    // For every open link or image: what became of its start tag.
    let mut open: Vec<Kept> = Vec::new();
    let mut in_metadata = false;
    for event in Parser::new_ext(source, options) {
        match event {
            // Front matter is shown separately, as fields.
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            // Raw HTML is shown as the text the author typed.
            Event::Start(Tag::HtmlBlock) => {
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
            }
            Event::End(TagEnd::HtmlBlock) => events.push(Event::End(TagEnd::CodeBlock)),
            Event::Html(text) | Event::InlineHtml(text) => events.push(Event::Text(text)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match classify(&dest_url) {
                Target::Relative | Target::Web => {
                    open.push(Kept::Link);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Target::Unsafe => open.push(Kept::Dropped),
            },
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => match open.pop() {
                Some(Kept::Link) | Some(Kept::ImageAsLink) => {
                    events.push(Event::End(TagEnd::Link));
                }
                Some(Kept::Image) => events.push(Event::End(TagEnd::Image)),
                Some(Kept::Dropped) | None => {}
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match classify(&dest_url) {
                Target::Relative if !dest_url.trim_start().starts_with("//") => {
                    open.push(Kept::Image);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Target::Relative | Target::Web => {
                    // An image elsewhere would be fetched the moment the page opens and
                    // tell that site who read the document: show a link to it instead.
                    open.push(Kept::ImageAsLink);
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                    events.push(Event::Text(CowStr::Borrowed("image: ")));
                }
                Target::Unsafe => open.push(Kept::Dropped),
            },
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// What was written for a link's or image's start tag.
enum Kept {
    Link,
    Image,
    ImageAsLink,
    Dropped,
}

/// Where a URL leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A path on this server (or a `#fragment`, or `//host`, which browsers treat as
    /// another site over the same scheme).
    Relative,
    /// `http:`, `https:` or `mailto:`.
    Web,
    /// Any other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) or a URL with
    /// control characters or white space, which browsers strip before reading the scheme.
    Unsafe,
}

fn classify(url: &str) -> Target {
    let url = url.trim_matches(|c: char| c == ' ');
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\u{feff}')
    {
        return Target::Unsafe;
    }
    // The scheme is what comes before the first `:`, unless a `/`, `?` or `#` comes
    // first (then the colon belongs to a path, query or fragment).
    let Some(colon) = url.find(':') else {
        return Target::Relative;
    };
    if url[..colon].contains(['/', '?', '#', '\\']) {
        return Target::Relative;
    }
    match url[..colon].to_ascii_lowercase().as_str() {
        "http" | "https" | "mailto" => Target::Web,
        _ => Target::Unsafe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls() {
        assert_eq!(classify("https://example.com"), Target::Web);
        assert_eq!(classify("HTTP://example.com"), Target::Web);
        assert_eq!(classify("mailto:a@b.c"), Target::Web);
        assert_eq!(classify("/d/1"), Target::Relative);
        assert_eq!(classify("#part"), Target::Relative);
        assert_eq!(classify("a/b:c"), Target::Relative);
        assert_eq!(classify("javascript:alert(1)"), Target::Unsafe);
        assert_eq!(classify("JaVaScRiPt:alert(1)"), Target::Unsafe);
        assert_eq!(classify("java\tscript:alert(1)"), Target::Unsafe);
        assert_eq!(classify("data:text/html,<b>"), Target::Unsafe);
        assert_eq!(classify("vbscript:x"), Target::Unsafe);
        assert_eq!(classify("\u{1}javascript:x"), Target::Unsafe);
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = render("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> end");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        let html =
            render("[click](javascript:alert(1)) and ![x](data:image/svg+xml;base64,PHN2Zz4=)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("click"), "{html}");
    }

    #[test]
    fn remote_images_become_links() {
        let html = render("![chart](https://example.com/a.png) ![local](/assets/a.png)");
        assert!(
            html.contains(r#"<a href="https://example.com/a.png">image: chart</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="/assets/a.png" alt="local""#),
            "{html}"
        );
    }

    #[test]
    fn front_matter_is_not_rendered() {
        let html = render("---\ntitle: X\n---\n\n# Head\n");
        assert!(!html.contains("title: X"), "{html}");
        assert!(html.contains("<h1>Head</h1>"), "{html}");
    }
}
