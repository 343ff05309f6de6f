//! Email about notices, when an SMTP server is configured; never required.
//!
//! A review write answers the notices it wrote ([`prfaq_store::Notified`]); once it has
//! committed, the handler hands their ids to [`Mailer::send`], which only puts them in
//! a bounded queue and returns. One task drains the queue: it reads each notice as its
//! mail tells it ([`prfaq_store::Store::notice_mail`], which leaves out members who
//! turned email off or left) and sends it, each send within [`MailConfig::send_timeout`].
//! When the queue is full the ids are dropped and logged, and a failed or slow server is
//! logged too: the notice in the workspace is the record, so neither ever fails or
//! slows a request.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use prfaq_store::{NoticeId, NoticeKind, NoticeMail, Store};
use tokio::sync::mpsc;

/// How many writes' notices wait for the mail task at most; more are dropped.
pub const MAIL_QUEUE: usize = 1024;

/// Where and how mail is sent.
#[derive(Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, for a relay on the same machine or network),
    /// `smtp://host:port?tls=required` (STARTTLS) or `smtps://host:port`, with
    /// `user:password@` before the host when the server asks for a sign-in. It may hold
    /// a password, so it is never logged.
    pub smtp_url: String,
    /// The sender, such as `prfaq <prfaq@example.com>`.
    pub from: String,
    /// The longest one message may take to send, connecting included (default 10 s).
    pub send_timeout: Duration,
    /// How many writes' notices may wait to be sent (default [`MAIL_QUEUE`]).
    pub queue: usize,
}

impl MailConfig {
    /// Mail through `smtp_url` from `from`, with the default timeout and queue.
    pub fn new(smtp_url: impl Into<String>, from: impl Into<String>) -> Self {
        MailConfig {
            smtp_url: smtp_url.into(),
            from: from.into(),
            send_timeout: Duration::from_secs(10),
            queue: MAIL_QUEUE,
        }
    }

    /// Checks the URL and the sender, naming what is wrong.
    pub(crate) fn check(&self) -> anyhow::Result<(Mailbox, AsyncSmtpTransport<Tokio1Executor>)> {
        let from: Mailbox = self.from.parse().map_err(|error| {
            anyhow::anyhow!(
                "--mail-from `{}` is not an email address: {error}",
                self.from
            )
        })?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.smtp_url)
            .map_err(|error| {
                anyhow::anyhow!(
                    "--smtp-url is not an SMTP server's URL (smtp://host:port or \
                     smtps://user:password@host:port): {error}"
                )
            })?
            .timeout(Some(self.send_timeout))
            .build();
        Ok((from, transport))
    }
}

// Written by hand so the URL's password never reaches a log.
impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &"<hidden>")
            .field("from", &self.from)
            .field("send_timeout", &self.send_timeout)
            .field("queue", &self.queue)
            .finish()
    }
}

/// The sending end of the mail queue; cheap to clone.
#[derive(Clone)]
pub(crate) struct Mailer {
    queue: mpsc::Sender<Vec<NoticeId>>,
}

impl Mailer {
    /// Starts the mail task on the current runtime. `public_url` is the server's
    /// address as its members reach it, without a trailing slash.
    pub(crate) fn start(
        config: &MailConfig,
        store: Arc<dyn Store>,
        public_url: String,
    ) -> anyhow::Result<Self> {
        let (from, transport) = config.check()?;
        let (queue, waiting) = mpsc::channel(config.queue.max(1));
        let worker = Worker {
            store,
            transport,
            from,
            public_url,
            timeout: config.send_timeout,
        };
        tokio::spawn(worker.run(waiting));
        Ok(Mailer { queue })
    }

    /// Queues email about `notices`, written by a write that has committed; returns at
    /// once. A full queue drops them (the notices stay in the workspace).
    pub(crate) fn send(&self, notices: &[NoticeId]) {
        if notices.is_empty() {
            return;
        }
        if let Err(error) = self.queue.try_send(notices.to_vec()) {
            let why = match error {
                mpsc::error::TrySendError::Full(_) => "the mail queue is full",
                mpsc::error::TrySendError::Closed(_) => "the mail task has stopped",
            };
            tracing::warn!(
                notices = notices.len(),
                "email about notices dropped: {why}"
            );
        }
    }
}

struct Worker {
    store: Arc<dyn Store>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    timeout: Duration,
}

impl Worker {
    async fn run(self, mut waiting: mpsc::Receiver<Vec<NoticeId>>) {
        while let Some(notices) = waiting.recv().await {
            let mails = match self.store.notice_mail(&notices).await {
                Ok(mails) => mails,
                Err(error) => {
                    tracing::warn!(%error, "could not read notices to email");
                    continue;
                }
            };
            for mail in &mails {
                self.send(mail).await;
            }
        }
    }

    async fn send(&self, mail: &NoticeMail) {
        let message = match message(&self.from, mail, &self.public_url) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(notice = mail.notice.0, %error, "could not write the email");
                return;
            }
        };
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_)) => tracing::debug!(notice = mail.notice.0, "emailed"),
            Ok(Err(error)) => {
                tracing::warn!(notice = mail.notice.0, %error, "could not send an email");
            }
            Err(_) => tracing::warn!(
                notice = mail.notice.0,
                "could not send an email: the SMTP server took too long"
            ),
        }
    }
}

/// What happened, after the actor's name, and the subject's verb.
fn says(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ReviewRequested => "asked you to review",
        NoticeKind::CommentOnThread => "replied in your thread on",
        NoticeKind::CommentOnDocument => "commented on",
        NoticeKind::ConcernAnswered => "linked your concern to the FAQ of",
        NoticeKind::VerdictGiven => "gave a verdict on",
        NoticeKind::DocumentAligned => "brought into alignment",
    }
}

/// The link to the notice's thread (or the document's review) on the server.
pub(crate) fn link(public_url: &str, mail: &NoticeMail) -> String {
    let mut link = format!("{public_url}/d/{}/review", mail.document);
    if let Some(thread) = mail.thread {
        link.push_str(&format!("#thread-{thread}"));
    }
    link
}

/// The email telling `mail`: plain text, the title in the subject, a link to the
/// thread.
pub(crate) fn message(
    from: &Mailbox,
    mail: &NoticeMail,
    public_url: &str,
) -> anyhow::Result<Message> {
    let to = Mailbox::new(
        Some(mail.to_name.clone()),
        mail.to_email
            .parse()
            .map_err(|error| anyhow::anyhow!("the recipient's address: {error}"))?,
    );
    // Names and titles are the members' own text: no line breaks in the subject.
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (actor, title) = (one_line(&mail.actor_name), one_line(&mail.title));
    let says = says(mail.kind);
    let subject = format!("{actor} {says} \"{title}\"");
    let link = link(public_url, mail);
    let body = format!(
        "{actor} {says} \"{title}\".\n\n{what}\n\n{link}\n\n\
         You get this email because you are a member of the document's workspace. \
         Turn these emails off on {public_url}/notifications\n",
        what = what(mail.kind),
    );
    Ok(Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)?)
}

/// A sentence on what the notice asks of its recipient.
fn what(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ReviewRequested => "Read it and give your verdict:",
        NoticeKind::CommentOnThread | NoticeKind::CommentOnDocument => "Read the thread:",
        NoticeKind::ConcernAnswered => "See the question that answers your concern:",
        NoticeKind::VerdictGiven => "See the verdict:",
        NoticeKind::DocumentAligned => {
            "Every concern is answered, every thread resolved and every required \
             reviewer approved:"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prfaq_store::{DocumentId, ThreadId};

    fn notice() -> NoticeMail {
        NoticeMail {
            notice: NoticeId(7),
            kind: NoticeKind::CommentOnThread,
            to_email: "dana@example.com".into(),
            to_name: "Dana".into(),
            document: DocumentId(42),
            title: "Quick\nReorder".into(),
            actor_name: "Lee".into(),
            thread: Some(ThreadId(9)),
        }
    }

    #[test]
    fn the_message_says_what_on_which_document_by_whom_with_a_link() {
        let from: Mailbox = "prfaq <prfaq@example.com>".parse().expect("from");
        let message = message(&from, &notice(), "https://prfaq.example.com").expect("message");
        let text = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(
            text.contains("To: Dana <dana@example.com>")
                || text.contains("To: \"Dana\" <dana@example.com>"),
            "{text}"
        );
        assert!(text.contains("From: prfaq <prfaq@example.com>"), "{text}");
        assert!(text.contains("Lee replied in your thread on"), "{text}");
        assert!(
            text.contains("https://prfaq.example.com/d/42/review#thread-9"),
            "{text}"
        );
        let subject = text
            .lines()
            .find(|l| l.starts_with("Subject:"))
            .expect("subject");
        assert!(!subject.contains('\n'), "{subject}");
    }

    #[test]
    fn a_bad_url_or_sender_is_named() {
        let bad = MailConfig::new("http://example.com", "prfaq@example.com");
        let error = bad.check().expect_err("refused").to_string();
        assert!(error.contains("--smtp-url"), "{error}");
        let bad = MailConfig::new("smtp://127.0.0.1:25", "not an address");
        let error = bad.check().expect_err("refused").to_string();
        assert!(error.contains("--mail-from"), "{error}");
    }

    #[test]
    fn the_password_stays_out_of_the_debug_output() {
        let config = MailConfig::new("smtps://me:secret@mail.example.com", "a@example.com");
        assert!(!format!("{config:?}").contains("secret"));
    }
}
