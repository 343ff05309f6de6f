//! Email about notices, received by a small SMTP server of the test's own: sent after a
//! review action commits, to members only, never for one's own action, never to a
//! member who turned it off; and a server that is down, hangs or falls behind never
//! fails or holds up the action, whose notice stays in the workspace.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use prfaq_web::MailConfig;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::support::{App, Browser, api_save, invite, owner_with_example};

/// One message as the fake server received it.
#[derive(Clone, Debug)]
struct Received {
    rcpt: Vec<String>,
    data: String,
}

/// A fake SMTP server on a loopback port: greeting, EHLO, MAIL, RCPT, DATA, QUIT (and
/// RSET, NOOP); it keeps every message it accepts.
struct FakeSmtp {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
}

impl FakeSmtp {
    async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("smtp://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let arrived = Arc::new(Notify::new());
        let (keep, tell) = (received.clone(), arrived.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (keep, tell) = (keep.clone(), tell.clone());
                tokio::spawn(async move {
                    let _ = session(stream, keep, tell).await;
                });
            }
        });
        FakeSmtp {
            url,
            received,
            arrived,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits until `count` messages have arrived (failing after a generous bound, so a
    /// broken sender fails the test instead of hanging it).
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let wait = async {
            loop {
                let notified = self.arrived.notified();
                if self.received().len() >= count {
                    return self.received();
                }
                notified.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), wait)
            .await
            .unwrap_or_else(|_| panic!("{count} messages never arrived: {:?}", self.received()))
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    keep: Arc<Mutex<Vec<Received>>>,
    tell: Arc<Notify>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 fake.test ESMTP\r\n").await?;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 fake.test\r\n"
        } else if command.starts_with("MAIL FROM:") || command == "RSET" || command == "NOOP" {
            if command == "RSET" {
                rcpt.clear();
            }
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO:") {
            let to = line.trim_end()["RCPT TO:".len()..].trim();
            rcpt.push(to.trim_matches(['<', '>']).to_owned());
            b"250 OK\r\n"
        } else if command == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            keep.lock().expect("lock").push(Received {
                rcpt: std::mem::take(&mut rcpt),
                data,
            });
            tell.notify_waiters();
            b"250 OK queued\r\n"
        } else if command == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(answer).await?;
    }
}

/// An app that mails through `url`, with links starting at prfaq.example.com.
async fn app_mailing(url: &str, tweak: impl FnOnce(&mut MailConfig)) -> App {
    let mut mail = MailConfig::new(url, "prfaq <prfaq@example.com>");
    tweak(&mut mail);
    App::with(|c| {
        c.mail = Some(mail);
        c.public_url = "https://prfaq.example.com".to_owned();
    })
    .await
}

/// `who` comments on the document's title through the API; answers the thread's id.
async fn comment(who: &mut Browser, doc: &str, body: &str) -> String {
    let reply = who
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/threads"),
            Some(json!({ "quote": "Quick Reorder", "body": body })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["id"].to_string()
}

async fn unread(who: &mut Browser) -> i64 {
    let reply = who.api(Method::GET, "/api/notifications", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["unread"].as_i64().expect("unread")
}

#[tokio::test]
async fn a_comment_emails_the_document_owner_with_a_link_to_the_thread() {
    let smtp = FakeSmtp::start().await;
    let app = app_mailing(&smtp.url, |_| {}).await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    // The owner's own comment tells nobody; Rae's tells the owner.
    comment(&mut owner, &doc, "A note to self").await;
    let thread = comment(&mut rae, &doc, "Which basket?").await;
    let mail = smtp.wait_for(1).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let message = &mail[0];
    assert_eq!(
        message.rcpt,
        ["dana@example.com"],
        "never for one's own action"
    );
    assert!(
        message.data.contains("To: \"Dana Lee\" <dana@example.com>"),
        "{}",
        message.data
    );
    assert!(
        message.data.contains("From: prfaq <prfaq@example.com>"),
        "{}",
        message.data
    );
    assert!(
        message
            .data
            .contains("Subject: Rae commented on \"Quick Reorder"),
        "{}",
        message.data
    );
    assert!(
        message.data.contains(&format!(
            "https://prfaq.example.com/d/{doc}/review#thread-{thread}"
        )),
        "{}",
        message.data
    );

    // A reply in Rae's thread by the owner mails Rae (and not the owner).
    let reply = owner
        .api(
            Method::POST,
            &format!("/api/threads/{thread}/replies"),
            Some(json!({ "body": "The usual one." })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let mail = smtp.wait_for(2).await;
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert_eq!(mail[1].rcpt, ["rae@example.com"]);
    assert!(
        mail[1].data.contains("replied in your thread on"),
        "{}",
        mail[1].data
    );
}

#[tokio::test]
async fn a_member_who_turned_email_off_gets_none_and_keeps_the_notice() {
    let smtp = FakeSmtp::start().await;
    let app = app_mailing(&smtp.url, |_| {}).await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut ed = invite(&app, &mut owner, &ws, "Ed", "ed@example.com", "editor").await;
    owner.refresh().await;
    let off = owner
        .post_form("/notifications/email", &[("email", "off")])
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.text);
    let page = owner.get("/notifications").await;
    assert!(page.text.contains("data-email=\"off\""), "{}", page.text);

    let thread = comment(&mut rae, &doc, "Which basket?").await;
    // Ed's reply tells Rae (her thread) and the owner (his document): only Rae is
    // mailed, and her mail comes after any her own comment could have caused.
    let reply = ed
        .api(
            Method::POST,
            &format!("/api/threads/{thread}/replies"),
            Some(json!({ "body": "The usual one." })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let mail = smtp.wait_for(1).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0].rcpt, ["rae@example.com"]);
    assert_eq!(
        unread(&mut owner).await,
        2,
        "the notices stay in the workspace"
    );

    // On again through the API: the next comment mails the owner.
    let on = owner
        .api(
            Method::POST,
            "/api/notifications/email",
            Some(json!({ "email": true })),
        )
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    assert_eq!(on.json()["email"], true);
    assert_eq!(on.json()["server_sends_mail"], true);
    comment(&mut rae, &doc, "How often?").await;
    let mail = smtp.wait_for(2).await;
    assert_eq!(mail[1].rcpt, ["dana@example.com"]);
}

#[tokio::test]
async fn a_server_that_is_down_fails_no_action_and_the_notice_is_there() {
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let app = app_mailing(&url, |_| {}).await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    comment(&mut rae, &doc, "Which basket?").await;
    comment(&mut rae, &doc, "How often?").await;
    assert_eq!(unread(&mut owner).await, 2);
}

#[tokio::test]
async fn a_hung_server_or_a_full_queue_holds_up_no_action() {
    // A server that accepts and never says a word: the one send in flight waits on
    // it, the queue (one write's notices) fills, and the rest are dropped.
    let silent = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", silent.local_addr().expect("addr"));
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = silent.accept().await {
            keep.lock().expect("lock").push(stream);
        }
    });
    let app = app_mailing(&url, |m| {
        m.send_timeout = Duration::from_secs(3600);
        m.queue = 1;
    })
    .await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let actions = async {
        for n in 0..5 {
            comment(&mut rae, &doc, &format!("Question {n}")).await;
        }
    };
    // Were a request to wait on the server, it would wait an hour.
    tokio::time::timeout(Duration::from_secs(60), actions)
        .await
        .expect("the actions never wait on the mail server");
    assert_eq!(unread(&mut owner).await, 5);
}

#[tokio::test]
async fn a_reply_a_verdict_publishes_mails_the_threads_author() {
    let smtp = FakeSmtp::start().await;
    let app = app_mailing(&smtp.url, |_| {}).await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut sam = invite(&app, &mut owner, &ws, "Sam", "sam@example.com", "reviewer").await;
    let clean = include_str!("../../../../examples/quick-reorder.md");
    let saved = api_save(&mut owner, &doc, 1, clean).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    owner.refresh().await;
    let asked = owner
        .post_form(
            &format!("/d/{doc}/review/request"),
            &[
                ("email", "rae@example.com"),
                ("function", "design"),
                ("required", "1"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.text);
    let thread = comment(&mut sam, &doc, "Which basket?").await;
    // The request mails Rae, Sam's thread the owner.
    assert_eq!(smtp.wait_for(2).await.len(), 2);
    rae.refresh().await;
    let draft = rae
        .api(
            Method::POST,
            &format!("/api/threads/{thread}/replies"),
            Some(json!({ "body": "The weekly one.", "pending": true })),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text);
    let verdict = rae
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/verdicts"),
            Some(json!({ "verdict": "comment" })),
        )
        .await;
    assert_eq!(verdict.status, StatusCode::CREATED, "{}", verdict.text);
    // Sam hears of the reply in his thread; the owner of the reply and of the verdict.
    let mail = smtp.wait_for(5).await;
    let mut after: Vec<(String, bool)> = mail[2..]
        .iter()
        .map(|m| {
            let replied = m.data.contains("replied in your thread on");
            (m.rcpt.join(","), replied)
        })
        .collect();
    after.sort();
    assert_eq!(
        after,
        [
            ("dana@example.com".to_owned(), false),
            ("dana@example.com".to_owned(), false),
            ("sam@example.com".to_owned(), true),
        ],
        "{mail:?}"
    );
    let sams = mail
        .iter()
        .find(|m| m.rcpt == ["sam@example.com"])
        .expect("Sam's");
    assert!(
        sams.data.contains(&format!(
            "https://prfaq.example.com/d/{doc}/review#thread-{thread}"
        )),
        "{}",
        sams.data
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        smtp.received().len(),
        5,
        "nothing more: never Rae for her own action"
    );
}
