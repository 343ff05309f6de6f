//! Outcomes in the workspace: events imported through the API and the page (bad files
//! refused with their line, the previous events kept), the report recomputed from the
//! stored events, experiments ranked by RICE, and who may do each.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

/// Four users: all open the app, two fill their basket (the aha step), one pays.
pub(crate) const EVENTS: &str = "user_id,event,timestamp\n\
u1,app_opened,2026-01-05T09:00:00Z\n\
u1,basket_filled,2026-01-05T09:02:00Z\n\
u1,order_paid,2026-01-05T09:05:00Z\n\
u2,app_opened,2026-01-06T10:00:00Z\n\
u2,basket_filled,2026-01-06T10:30:00Z\n\
u3,app_opened,2026-01-06T11:00:00Z\n\
u4,app_opened,2026-01-07T12:00:00Z\n\
u4,page_viewed,2026-01-07T12:01:00Z\n";

/// The example document with its journey tied to events and metrics with measures: the
/// activation target (90%, by a day before the last event) is behind on [`EVENTS`]' 50%.
pub(crate) fn document() -> String {
    let example = prfaq_web::EXAMPLE_DOCUMENT;
    let start = example.find("# User journey").expect("journey");
    let end = example.find("# Scope").expect("scope");
    format!(
        "{}# User journey\n\n\
         1. Ann opens the Acme app on Sunday evening — event: app_opened\n\
         2. Aha: one tap fills her cart with last week's groceries — event: basket_filled\n\
         3. She taps Pay and the order arrives on Monday morning — event: order_paid\n\n\
         # Metrics\n\n\
         | Metric | Measure | Baseline | Target | By | Owner |\n\
         |---|---|---|---|---|---|\n\
         | Activation | activation 7d | 20% | 90% | 2026-01-06 | Dana Lee |\n\
         | Orders | count order_paid | 0 | 1 | 2026-02-01 | Sam Ortiz |\n\n{}",
        &example[..start],
        &example[end..]
    )
}

/// Saves [`document`] as the newest revision of `doc`.
pub(crate) async fn save_document(browser: &mut Browser, doc: &str) {
    let current = browser
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.text);
    let base = current.json()["revision"]["number"]
        .as_i64()
        .expect("number");
    let text = current.json()["text"].as_str().expect("text").to_owned();
    // Keep the status line the document has now, which a save may not change.
    let status = text
        .lines()
        .find(|l| l.starts_with("status:"))
        .unwrap_or("status: draft")
        .to_owned();
    let wanted = document().replace("status: draft", &status);
    let reply = api_save(browser, doc, base, &wanted).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

/// Posts `body` as the events file with the browser's session.
pub(crate) async fn upload(browser: &mut Browser, doc: &str, query: &str, body: &str) -> Reply {
    let csrf = browser.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/documents/{doc}/outcomes/events?{query}"))
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "text/csv");
    browser.request(builder, Body::from(body.to_owned())).await
}

/// Posts the page's upload form (multipart, the CSRF token in the action's query).
pub(crate) async fn upload_form(browser: &mut Browser, doc: &str, name: &str, body: &str) -> Reply {
    let boundary = "prfaqboundary7d1e";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{body}\r\n--{boundary}--\r\n"
    );
    let csrf = browser.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/d/{doc}/outcomes/events?csrf={csrf}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    browser.request(builder, Body::from(form)).await
}

/// The owner with [`document`] saved and [`EVENTS`] imported: the owner's browser, the
/// workspace and the document.
async fn owner_with_events(app: &App) -> (Browser, String, String) {
    let (mut owner, ws, doc) = owner_with_example(app).await;
    owner.refresh().await;
    save_document(&mut owner, &doc).await;
    let reply = upload(&mut owner, &doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    (owner, ws, doc)
}

fn funnel_users(report: &Value) -> Vec<u64> {
    report["funnel"]
        .as_array()
        .expect("funnel")
        .iter()
        .map(|s| s["users"].as_u64().expect("users"))
        .collect()
}

#[tokio::test]
async fn imported_events_give_the_report_and_experiments_rank_by_rice() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    let report = format!("/api/documents/{doc}/outcomes");

    // Before any import: a clear 404 naming what to do.
    let none = owner.api(Method::GET, &report, None).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text);
    assert!(
        none.text.contains("No events have been imported"),
        "{}",
        none.text
    );

    save_document(&mut owner, &doc).await;
    let reply = upload(&mut owner, &doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let imported = reply.json();
    assert_eq!(imported["rows"], 8);
    assert_eq!(imported["events"], 7, "page_viewed is not read: {imported}");
    assert_eq!(imported["users"], 4);
    assert_eq!(imported["upload"]["file_name"], "events.csv");

    let got = owner.api(Method::GET, &report, None).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    let r = got.json();
    assert_eq!(funnel_users(&r), [4, 2, 1]);
    assert_eq!(r["funnel"][1]["conversion"], 0.5);
    assert_eq!(r["funnel"][1]["drop_off"], 2);
    assert_eq!(r["activation_rate"], 0.5);
    assert_eq!(r["time_to_aha"]["median_seconds"], 120.0);
    assert_eq!(r["time_to_aha"]["never_share"], 0.5);
    assert_eq!(r["metrics"][0]["metric"], "Activation");
    assert_eq!(r["metrics"][0]["state"], "behind");
    assert_eq!(r["metrics"][1]["state"], "reached");
    assert_eq!(r["biggest_gap"]["number"], 2);
    assert_eq!(r["input"]["file"], "events.csv");

    // The report follows the newest revision and the newest import, never an older one.
    let again = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(again, r, "the same revision on the same events");
    let current = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await
        .json();
    let base = current["revision"]["number"].as_i64().expect("number");
    let text = current["text"]
        .as_str()
        .expect("text")
        .replace("| 20% | 90% |", "| 20% | 40% |");
    let saved = api_save(&mut owner, &doc, base, &text).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let r = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(r["metrics"][0]["state"], "reached", "the new target of 40%");
    let fewer: String = EVENTS
        .lines()
        .filter(|l| !l.starts_with("u4,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let reply = upload(&mut owner, &doc, "name=fewer.csv", &fewer).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let r = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(funnel_users(&r), [3, 2, 1]);
    assert_eq!(r["input"]["file"], "fewer.csv");

    // Experiments: one with a reach of its own, one reaching the funnel's count.
    let list = format!("/api/documents/{doc}/experiments");
    let small = owner
        .api(
            Method::POST,
            &list,
            Some(
                json!({ "step": "basket_filled", "title": "Bigger button", "reach": 10,
                          "impact": 100, "confidence": 50, "effort": 10 }),
            ),
        )
        .await;
    assert_eq!(small.status, StatusCode::CREATED, "{}", small.text);
    let big = owner
        .api(
            Method::POST,
            &list,
            Some(json!({ "step": "1", "title": "Show the reorder card first",
                          "hypothesis": "more see it", "impact": 300, "confidence": 100,
                          "effort": 5 })),
        )
        .await;
    assert_eq!(big.status, StatusCode::CREATED, "{}", big.text);
    let listed = owner.api(Method::GET, &list, None).await.json();
    let titles: Vec<&str> = listed["experiments"]
        .as_array()
        .expect("experiments")
        .iter()
        .map(|e| e["title"].as_str().expect("title"))
        .collect();
    // 3 × 3 × 1 ÷ 0.5 = 18 beats 10 × 1 × 0.5 ÷ 1 = 5.
    assert_eq!(titles, ["Show the reorder card first", "Bigger button"]);
    assert_eq!(listed["experiments"][0]["reach_used"], 3);
    assert_eq!(listed["experiments"][0]["rice"], 18.0);
    assert_eq!(listed["experiments"][1]["rice"], 5.0);

    // A change names only what changes; the rest stays.
    let id = small.json()["id"].to_string();
    let one = format!("/api/documents/{doc}/experiments/{id}");
    let changed = owner
        .api(
            Method::PATCH,
            &one,
            Some(json!({ "status": "done", "result": "+3 points" })),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.json()["status"], "done");
    assert_eq!(changed.json()["result"], "+3 points");
    assert_eq!(changed.json()["title"], "Bigger button");
    assert_eq!(changed.json()["reach"], 10);
    for (body, field) in [
        (json!({ "status": "maybe" }), "status"),
        (json!({ "confidence": 101 }), "confidence"),
        (json!({ "effort": 0 }), "effort"),
        (json!({ "title": "" }), "title"),
    ] {
        let reply = owner.api(Method::POST, &one, Some(body.clone())).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        assert!(reply.text.contains(field), "{body}: {}", reply.text);
    }
    // Another document's experiment id is not found here.
    let other = owner
        .api(
            Method::PATCH,
            &format!("/api/documents/{doc}/experiments/4242"),
            Some(json!({})),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_file_names_its_line_and_keeps_the_previous_events() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    save_document(&mut owner, &doc).await;
    let reply = upload(&mut owner, &doc, "name=good.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    let bad =
        "user_id,event,timestamp\nu1,app_opened,2026-01-05T09:00:00Z\nu2,app_opened,yesterday\n";
    let reply = upload(&mut owner, &doc, "name=bad.csv", bad).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(reply.text.contains("bad.csv"), "{}", reply.text);
    assert!(reply.text.contains("line 3"), "{}", reply.text);
    assert!(
        !reply.text.contains("/tmp"),
        "no server path: {}",
        reply.text
    );

    for (query, body, says) in [
        (
            "name=e.csv",
            "user,event,timestamp\nu1,app_opened,1\n",
            "user_id",
        ),
        ("name=e.txt", EVENTS, "format"),
        ("name=e.csv", "", "empty"),
        ("name=e.parquet", "not parquet", "e.parquet"),
        (
            "name=e.jsonl",
            "{\"user_id\":\"a\",\"event\":\"app_opened\"",
            "line 1",
        ),
        ("name=e.csv&map=user", EVENTS, "map"),
        (
            "name=e.csv",
            "user_id,event,timestamp\nu1,page_viewed,2026-01-05T09:00:00Z\n",
            "none of the 1 rows",
        ),
    ] {
        let reply = upload(&mut owner, &doc, query, body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.text
        );
        assert!(reply.text.contains(says), "{query}: {}", reply.text);
    }
    let r = owner
        .api(Method::GET, &format!("/api/documents/{doc}/outcomes"), None)
        .await
        .json();
    assert_eq!(
        funnel_users(&r),
        [4, 2, 1],
        "the good import is still there"
    );
    assert_eq!(r["input"]["file"], "good.csv");
}

#[tokio::test]
async fn the_page_imports_shows_the_report_and_records_experiments() {
    let app = App::with(|c| c.events_hosts = vec!["127.0.0.1".to_owned()]).await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let editor_page = owner.get(&format!("/d/{doc}")).await;
    assert!(
        editor_page
            .text
            .contains(&format!("href=\"/d/{doc}/outcomes\""))
    );
    save_document(&mut owner, &doc).await;

    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("No product events imported yet"));
    assert!(
        page.text.contains("id=\"journey-diagram\""),
        "the journey without data"
    );

    let reply = upload_form(
        &mut owner,
        &doc,
        "bad.csv",
        "user_id,event\nu1,app_opened\n",
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.text.contains("id=\"outcomes-error\""),
        "{}",
        reply.text
    );
    assert!(reply.text.contains("bad.csv"), "{}", reply.text);
    assert!(reply.text.contains("timestamp"), "{}", reply.text);

    let reply = upload_form(&mut owner, &doc, "events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(
        reply
            .text
            .contains("Imported 7 events of 4 users from events.csv"),
        "{}",
        reply.text
    );
    let table = element(&reply.text, "funnel-table");
    assert!(table.contains("<td class=\"users\">4</td>"), "{table}");
    assert!(table.contains("<td class=\"users\">1</td>"), "{table}");
    assert!(table.contains("50.0%") || table.contains("50%"), "{table}");
    let journey = element(&reply.text, "journey-diagram");
    assert!(
        journey.contains("<svg") && journey.contains("class=\"reach\""),
        "{journey}"
    );
    let metrics = element(&reply.text, "metrics-table");
    assert!(metrics.contains("state-behind"), "{metrics}");
    assert!(reply.text.contains("id=\"gap-text\""));

    let added = owner
        .post_form(
            &format!("/d/{doc}/outcomes/experiments"),
            &[
                ("title", "Show the reorder card first"),
                ("step", "app_opened"),
                ("hypothesis", "more see it"),
                ("reach", ""),
                ("impact", "3"),
                ("confidence", "100"),
                ("effort", "0.5"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    let list = element(&page.text, "experiments-table");
    assert!(list.contains("Show the reorder card first"), "{list}");
    assert!(list.contains("<td class=\"rice\">24</td>"), "{list}");
    let id = attr_after(&page.text, "class=\"experiment\"", "data-experiment").expect("row");
    let updated = owner
        .post_form(
            &format!("/d/{doc}/outcomes/experiments/{id}"),
            &[("status", "running"), ("result", "half way")],
        )
        .await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER, "{}", updated.text);
    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    let list = element(&page.text, "experiments-table");
    assert!(list.contains("<td class=\"status\">running</td>"), "{list}");
    assert!(list.contains("half way"), "{list}");

    let refused = owner
        .post_form(
            &format!("/d/{doc}/outcomes/experiments"),
            &[("title", "x"), ("step", "1"), ("effort", "many")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.text.contains("`effort` is not a number"),
        "{}",
        refused.text
    );
}

/// Feedback of 36 customers: twelve about the cart the reorder fills (the gap's step in
/// [`document`]), twelve about delivery, twelve about prices.
fn feedback_about_the_cart() -> String {
    let mut csv = String::from("id,comment,email,date\n");
    let groups: [&[&str]; 3] = [
        &[
            "The cart filled with groceries I never buy",
            "Reorder put old groceries in my cart",
            "My cart had the wrong groceries after one tap",
            "Cart groceries were from a month ago",
        ],
        &[
            "Delivery arrived late on Monday",
            "The delivery driver could not find the door",
            "Late delivery again, the courier was lost",
            "Delivery slot was missed by the courier",
        ],
        &[
            "Prices are higher than in the shop",
            "Too expensive, prices went up",
            "The prices of milk are too high",
            "Expensive fees and high prices",
        ],
    ];
    let mut n = 0;
    for (g, texts) in groups.iter().enumerate() {
        for i in 0..12 {
            n += 1;
            let text = texts[i % texts.len()];
            csv.push_str(&format!(
                "{n},\"{text} ({i})\",c{g}x{i}@example.com,2026-01-{:02}\n",
                1 + i
            ));
        }
    }
    csv
}

#[tokio::test]
async fn the_biggest_gap_names_the_evidence_about_its_step_and_its_experiments() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_events(&app).await;
    let report = format!("/api/documents/{doc}/outcomes");

    // No feedback in the workspace: no evidence, and an experiment that enters no
    // confidence takes the low one.
    let r = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(r["biggest_gap"]["number"], 2);
    assert!(r["biggest_gap"].get("evidence").is_none(), "{r}");
    let list = format!("/api/documents/{doc}/experiments");
    let before = owner
        .api(
            Method::POST,
            &list,
            Some(json!({ "step": "2", "title": "Before the feedback" })),
        )
        .await;
    assert_eq!(before.status, StatusCode::CREATED, "{}", before.text);
    assert_eq!(before.json()["confidence"], 50);

    let reply = crate::evidence::upload(
        &mut owner,
        &ws,
        "name=feedback.csv",
        &feedback_about_the_cart(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    let r = owner.api(Method::GET, &report, None).await.json();
    let evidence = &r["biggest_gap"]["evidence"];
    let themes = evidence["themes"].as_array().expect("themes");
    assert!(!themes.is_empty(), "a theme speaks of the cart: {r}");
    let step_words = [
        "cart",
        "grocery",
        "groceries",
        "basket",
        "fill",
        "fills",
        "filled",
    ];
    for t in themes {
        let matched = t["matched"].as_array().expect("matched");
        assert!(
            matched
                .iter()
                .all(|w| step_words.contains(&w.as_str().expect("word"))),
            "{t}"
        );
    }
    assert!(
        themes.iter().any(|t| t["matched"]
            .as_array()
            .expect("matched")
            .iter()
            .any(|w| w == "cart")),
        "{r}"
    );
    let customers = evidence["customers"].as_u64().expect("customers");
    assert!((1..=36).contains(&customers), "{evidence}");
    let confidence = evidence["confidence"].as_i64().expect("confidence");
    assert!(confidence > 50, "{evidence}");
    let text = owner
        .api(Method::GET, &format!("{report}?format=text"), None)
        .await;
    assert!(text.text.contains("evidence theme"), "{}", text.text);

    // An experiment on the step without a confidence takes the evidence's; one with
    // its own keeps it; one on a step no theme speaks of (opening the app) takes the
    // low one.
    let from_evidence = owner
        .api(
            Method::POST,
            &list,
            Some(
                json!({ "step": "basket_filled", "title": "Show what is in the cart",
                          "impact": 200, "effort": 10 }),
            ),
        )
        .await;
    assert_eq!(
        from_evidence.status,
        StatusCode::CREATED,
        "{}",
        from_evidence.text
    );
    assert_eq!(from_evidence.json()["confidence"], confidence);
    let own = owner
        .api(
            Method::POST,
            &list,
            Some(json!({ "step": "2", "title": "Own guess", "confidence": 20 })),
        )
        .await;
    assert_eq!(own.json()["confidence"], 20);
    let form = owner
        .post_form(
            &format!("/d/{doc}/outcomes/experiments"),
            &[
                ("title", "Open on the reorder card"),
                ("step", "1"),
                ("impact", "1"),
                ("confidence", ""),
                ("effort", "1"),
            ],
        )
        .await;
    assert_eq!(form.status, StatusCode::SEE_OTHER, "{}", form.text);
    let listed = owner.api(Method::GET, &list, None).await.json();
    let open = listed["experiments"]
        .as_array()
        .expect("experiments")
        .iter()
        .find(|e| e["title"] == "Open on the reorder card")
        .expect("recorded");
    assert_eq!(
        open["confidence"], 50,
        "no theme speaks of opening the app: {open}"
    );

    // The page's gap names the themes and the step's experiments, best RICE first.
    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    // `#source` is the editor's text, set in monospace and preformatted by the style
    // sheet; the PostgreSQL source's section has an id of its own.
    assert!(!page.text.contains(" id=\"source\""));
    assert!(page.text.contains("id=\"events-source\""));
    let gap = element(&page.text, "gap");
    assert!(gap.contains("data-testid=\"gap-themes\""), "{gap}");
    assert!(
        gap.contains(&format!("takes <strong>{confidence}%")),
        "{gap}"
    );
    let ranked = element(&page.text, "gap-experiments");
    let first = ranked.find("Show what is in the cart").expect("ranked");
    let last = ranked.find("Before the feedback").expect("ranked");
    assert!(first < last, "{ranked}");
    assert!(
        !ranked.contains("Open on the reorder card"),
        "another step's: {ranked}"
    );
}

/// Who may read and write outcomes, for the access matrix in `security.rs`.
pub(crate) async fn outcomes_access_by_role(browsers: &mut [&mut Browser; 6], doc: &str) {
    use StatusCode as S;
    browsers[0].refresh().await;
    save_document(browsers[0], doc).await;
    let reply = upload(browsers[0], doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, S::OK, "{}", reply.text);
    let page = format!("/d/{doc}/outcomes");
    let expected = [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER];
    for (who, browser) in browsers.iter_mut().enumerate() {
        let reply = browser.get(&page).await;
        assert_eq!(reply.status, expected[who], "GET {page} as #{who}");
    }
    let reads = [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED];
    for path in [
        format!("/api/documents/{doc}/outcomes"),
        format!("/api/documents/{doc}/experiments"),
    ] {
        let what = format!("GET {path}");
        expect_statuses(browsers, 0..6, Method::GET, &path, None, &reads, &what).await;
    }
    let writes = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let created = [
        S::CREATED,
        S::CREATED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let mut made = Vec::new();
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let reply = upload(browsers[who], doc, "name=events.csv", EVENTS).await;
        assert_eq!(
            reply.status, writes[who],
            "import as #{who}: {}",
            reply.text
        );
        let body = json!({ "step": "1", "title": format!("experiment {who}") });
        let reply = browsers[who]
            .api(
                Method::POST,
                &format!("/api/documents/{doc}/experiments"),
                Some(body),
            )
            .await;
        assert_eq!(
            reply.status, created[who],
            "experiment as #{who}: {}",
            reply.text
        );
        if reply.status == S::CREATED {
            made.push(reply.json()["id"].to_string());
        }
    }
    expect_statuses(
        browsers,
        (0..6).rev(),
        Method::PATCH,
        &format!("/api/documents/{doc}/experiments/{}", made[0]),
        Some(json!({ "status": "running" })),
        &writes,
        "update",
    )
    .await;
    // Importing from a PostgreSQL table: editors and owners get as far as the server
    // (none listens here: 400 naming it), the rest are refused before any connection.
    let table = [
        S::BAD_REQUEST,
        S::BAD_REQUEST,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let replies = expect_statuses(
        browsers,
        (0..6).rev(),
        Method::POST,
        &format!("/api/documents/{doc}/outcomes/events/postgres"),
        Some(json!({ "url": "postgres://ann:s3cret@127.0.0.1:1/shop", "table": "events" })),
        &table,
        "table import",
    )
    .await;
    for reply in replies {
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    }
    source_access_by_role(browsers, doc).await;
    // The page's forms: editors and owners go back to the page, the rest are refused.
    let forms = [
        S::SEE_OTHER,
        S::SEE_OTHER,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let reply = browsers[who]
            .post_form(
                &format!("/d/{doc}/outcomes/experiments"),
                &[("title", "from the page"), ("step", "1")],
            )
            .await;
        assert_eq!(
            reply.status, forms[who],
            "add form as #{who}: {}",
            reply.text
        );
        if who == 5 {
            assert!(reply.location().starts_with("/signin"));
        }
        let reply = browsers[who]
            .post_form(
                &format!("/d/{doc}/outcomes/experiments/{}", made[0]),
                &[("status", "done")],
            )
            .await;
        assert_eq!(
            reply.status, forms[who],
            "update form as #{who}: {}",
            reply.text
        );
        let reply = upload_form(browsers[who], doc, "events.csv", EVENTS).await;
        let expected = if forms[who] == S::SEE_OTHER && who < 2 {
            S::OK
        } else {
            forms[who]
        };
        assert_eq!(
            reply.status, expected,
            "upload form as #{who}: {}",
            reply.text
        );
    }
}

/// The stored event source, through the API and the page's forms, by role: every
/// member sees that it exists (never its password); editors and owners set, refresh
/// and remove it; a stranger is told nothing.
async fn source_access_by_role(browsers: &mut [&mut Browser; 6], doc: &str) {
    use StatusCode as S;
    let api = format!("/api/documents/{doc}/outcomes/source");
    let refresh = format!("/api/documents/{doc}/outcomes/source/refresh");
    let body = json!({ "url": "postgres://ann:s3cret@127.0.0.1:1/shop", "table": "events" });
    let writes = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let replies = expect_statuses(
        browsers,
        (0..6).rev(),
        Method::PUT,
        &api,
        Some(body.clone()),
        &writes,
        "PUT source",
    )
    .await;
    for reply in replies {
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    }
    let reads = [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED];
    for (who, browser) in browsers.iter_mut().enumerate() {
        let reply = browser.api(Method::GET, &api, None).await;
        assert_eq!(
            reply.status, reads[who],
            "GET source as #{who}: {}",
            reply.text
        );
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
        if reply.status == S::OK {
            let seen = reply.json();
            assert_eq!(seen["url"], "postgres://ann:***@127.0.0.1:1/shop");
            assert_eq!(
                (
                    &seen["host"],
                    &seen["port"],
                    &seen["database"],
                    &seen["table"]
                ),
                (
                    &json!("127.0.0.1"),
                    &json!(1),
                    &json!("shop"),
                    &json!("events")
                )
            );
        }
        let page = browser.get(&format!("/d/{doc}/outcomes")).await;
        assert!(!page.text.contains("s3cret"), "the page as #{who}");
        if page.status == S::OK {
            assert!(page.text.contains("ann:***@127.0.0.1:1"), "{}", page.text);
            // The form is the editors' alone.
            assert_eq!(page.text.contains("id=\"source-form\""), who < 2, "#{who}");
        }
    }
    // Editors and owners get as far as the server (none listens here: 400 naming it,
    // kept as the source's last refresh); the rest are refused before any connection.
    let refreshes = [
        S::BAD_REQUEST,
        S::BAD_REQUEST,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let replies = expect_statuses(
        browsers,
        (0..6).rev(),
        Method::POST,
        &refresh,
        None,
        &refreshes,
        "refresh",
    )
    .await;
    for reply in replies {
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
        if reply.status == S::BAD_REQUEST {
            assert!(
                reply.text.contains("ann@127.0.0.1:1/shop"),
                "{}",
                reply.text
            );
        }
    }
    let last = browsers[3].api(Method::GET, &api, None).await.json();
    assert_eq!(last["last_refresh"]["ok"], false, "{last}");
    assert!(
        last["last_refresh"]["result"]
            .as_str()
            .is_some_and(|r| r.contains("cannot reach")),
        "{last}"
    );
    let removes = [
        S::NO_CONTENT,
        S::NO_CONTENT,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    for who in (0..6).rev() {
        if who < 2 {
            let reply = browsers[who]
                .api(Method::PUT, &api, Some(body.clone()))
                .await;
            assert_eq!(reply.status, S::OK, "{}", reply.text);
        }
        let reply = browsers[who].api(Method::DELETE, &api, None).await;
        assert_eq!(
            reply.status, removes[who],
            "DELETE source as #{who}: {}",
            reply.text
        );
    }
    // The page's forms.
    let fields = [
        ("url", "postgres://ann:s3cret@127.0.0.1:1/shop"),
        ("table", "events"),
        ("map", ""),
    ];
    let forms = [
        S::SEE_OTHER,
        S::SEE_OTHER,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let path = format!("/d/{doc}/outcomes/source");
        let reply = browsers[who].post_form(&path, &fields).await;
        assert_eq!(
            reply.status, forms[who],
            "set form as #{who}: {}",
            reply.text
        );
        let refreshed = [
            S::BAD_REQUEST,
            S::BAD_REQUEST,
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::NOT_FOUND,
            S::SEE_OTHER,
        ];
        let reply = browsers[who]
            .post_form(&format!("{path}/refresh"), &[])
            .await;
        assert_eq!(
            reply.status, refreshed[who],
            "refresh form as #{who}: {}",
            reply.text
        );
        assert!(!reply.text.contains("s3cret"));
        if who < 2 {
            assert!(
                reply.text.contains("id=\"outcomes-error\""),
                "{}",
                reply.text
            );
        }
        let removed = [
            S::OK,
            S::OK,
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::NOT_FOUND,
            S::SEE_OTHER,
        ];
        let reply = browsers[who]
            .post_form(&format!("{path}/remove"), &[])
            .await;
        assert_eq!(
            reply.status, removed[who],
            "remove form as #{who}: {}",
            reply.text
        );
    }
    let reply = browsers[0].api(Method::GET, &api, None).await;
    assert_eq!(reply.status, S::NOT_FOUND, "{}", reply.text);
    assert_eq!(reply.json()["error"]["code"], "no_source");
}

/// `PUT /api/documents/{id}/outcomes/source` then `POST …/source/refresh`: the table
/// read as the one-off import reads it, the same report as the file's, the time and
/// result kept; bad fields named, a server not listed refused with 403, a missing
/// table kept as the last refresh's result with the previous events left as they were.
#[tokio::test]
async fn a_stored_source_is_refreshed_with_one_request() {
    use sqlx::Connection;
    let Some(database) = prfaq_store::testing::PostgresScratch::create().await else {
        return;
    };
    let app = App::with(|c| {
        c.events_hosts = vec!["127.0.0.1".to_owned()];
        c.secrets_key = Some(prfaq_store::SecretsKey::generate().expect("key"));
    })
    .await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut viewer = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    owner.refresh().await;
    save_document(&mut owner, &doc).await;
    let report = format!("/api/documents/{doc}/outcomes");
    let reply = upload(&mut owner, &doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let from_file = owner.api(Method::GET, &report, None).await.json();

    let mut conn = sqlx::PgConnection::connect(database.raw_url())
        .await
        .unwrap();
    sqlx::raw_sql("CREATE TABLE app_events (uid text, name text, at timestamptz)")
        .execute(&mut conn)
        .await
        .unwrap();
    let mut copy = conn
        .copy_in_raw("COPY app_events FROM STDIN WITH (FORMAT csv, HEADER true)")
        .await
        .unwrap();
    copy.send(EVENTS.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();

    let api = format!("/api/documents/{doc}/outcomes/source");
    let refresh = format!("{api}/refresh");
    let reply = owner.api(Method::GET, &api, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "no_source");
    let reply = owner.api(Method::POST, &refresh, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "no_source");

    // The address with a password: the server's own trusts this machine and ignores it.
    let url = database
        .raw_url()
        .replacen("://postgres@", "://postgres:s3cret@", 1);
    assert!(url.contains("s3cret"), "{url}");
    let map = "user_id=uid,event=name,timestamp=at";
    for (body, status, says) in [
        (
            json!({ "url": "mysql://ann:s3cret@127.0.0.1/shop", "table": "t" }),
            StatusCode::BAD_REQUEST,
            "`url`",
        ),
        (
            json!({ "url": "postgres://ann:s3cret@10.0.0.7:5432/shop", "table": "t" }),
            StatusCode::FORBIDDEN,
            "10.0.0.7:5432 is not one of them",
        ),
        (
            json!({ "url": url, "table": " " }),
            StatusCode::BAD_REQUEST,
            "`table`",
        ),
        (
            json!({ "url": url, "table": "app_events", "map": "who=uid" }),
            StatusCode::BAD_REQUEST,
            "`map`",
        ),
        (
            json!({ "url": url, "table": "app_events", "password": "x" }),
            StatusCode::BAD_REQUEST,
            "password",
        ),
    ] {
        let reply = owner.api(Method::PUT, &api, Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.text);
        assert!(reply.text.contains(says), "{body}: {}", reply.text);
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    }
    assert_eq!(
        owner.api(Method::GET, &api, None).await.status,
        StatusCode::NOT_FOUND,
        "nothing refused was kept"
    );

    let reply = owner
        .api(
            Method::PUT,
            &api,
            Some(json!({ "url": url, "table": "app_events", "map": map })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let set = reply.json();
    assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    assert!(
        set["url"]
            .as_str()
            .is_some_and(|u| u.contains("postgres:***@127.0.0.1")),
        "{set}"
    );
    assert_eq!(set["table"], "app_events");
    assert_eq!(set["map"], map);
    assert_eq!(set["last_refresh"], Value::Null);
    let seen = viewer.api(Method::GET, &api, None).await;
    assert_eq!(
        seen.json(),
        set,
        "every member sees the same, without the password"
    );

    // One request reads the table again, as the one-off import does.
    let reply = owner.api(Method::POST, &refresh, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let refreshed = reply.json();
    assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    assert_eq!(refreshed["imported"]["rows"], 8);
    assert_eq!(
        refreshed["imported"]["upload"]["file_name"],
        "table app_events"
    );
    assert_eq!(refreshed["source"]["last_refresh"]["ok"], true);
    assert!(
        refreshed["source"]["last_refresh"]["result"]
            .as_str()
            .is_some_and(|r| r.contains("of 4 users from table app_events (8 rows read)")),
        "{refreshed}"
    );
    let mut from_table = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(from_table["input"]["file"], "table app_events");
    from_table["input"] = from_file["input"].clone();
    assert_eq!(from_table, from_file, "the same events, the same report");
    // Viewers may look, not refresh.
    let reply = viewer.api(Method::POST, &refresh, None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);

    // A table that is not there: refused naming it, kept as the last result; the
    // events read before stay.
    let reply = owner
        .api(
            Method::PUT,
            &api,
            Some(json!({ "url": url, "table": "missing_events", "map": map })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reply = owner.api(Method::POST, &refresh, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(
        reply.text.contains("no table or view `missing_events`"),
        "{}",
        reply.text
    );
    let last = viewer.api(Method::GET, &api, None).await.json();
    assert_eq!(last["last_refresh"]["ok"], false);
    assert!(
        last["last_refresh"]["result"]
            .as_str()
            .is_some_and(|r| r.contains("missing_events")),
        "{last}"
    );
    let kept = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(kept["input"]["file"], "table app_events");

    // Removing the source keeps the events it read.
    let reply = owner.api(Method::DELETE, &api, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let reply = owner.api(Method::DELETE, &api, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    let kept = owner.api(Method::GET, &report, None).await;
    assert_eq!(kept.status, StatusCode::OK);
}

/// A server started without a secrets key keeps no source, and says how to give it one;
/// a source sealed with another key does not open, and says to set it again.
#[tokio::test]
async fn a_source_needs_the_servers_secrets_key() {
    let app = App::with(|c| c.events_hosts = vec!["127.0.0.1".to_owned()]).await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let api = format!("/api/documents/{doc}/outcomes/source");
    let body = json!({ "url": "postgres://ann:s3cret@127.0.0.1:1/shop", "table": "events" });
    let reply = owner.api(Method::PUT, &api, Some(body.clone())).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
    assert!(reply.text.contains("--secrets-key-file"), "{}", reply.text);
    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    assert!(page.text.contains("id=\"source-no-key\""), "{}", page.text);

    // The same database under a server with another key.
    let with_key = |key: prfaq_store::SecretsKey| {
        move |c: &mut prfaq_web::WebConfig| {
            c.events_hosts = vec!["127.0.0.1".to_owned()];
            c.secrets_key = Some(key);
        }
    };
    let first = App::with(with_key(prfaq_store::SecretsKey::generate().expect("key"))).await;
    let (mut owner, _, doc) = owner_with_example(&first).await;
    let api = format!("/api/documents/{doc}/outcomes/source");
    let reply = owner.api(Method::PUT, &api, Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let second = App::over(
        first.store.clone(),
        tempfile::tempdir().expect("dir"),
        with_key(prfaq_store::SecretsKey::generate().expect("key")),
    );
    let mut again = signed_in(&second, "dana@example.com").await;
    let reply = again
        .api(Method::POST, &format!("{api}/refresh"), None)
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
    assert!(reply.text.contains("set it again"), "{}", reply.text);
    let last = again.api(Method::GET, &api, None).await.json();
    assert_eq!(last["last_refresh"]["ok"], false, "{last}");
}

#[tokio::test]
async fn the_business_case_stands_beside_the_adopters_so_far() {
    let app = App::new().await;
    let (mut owner, _ws, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    save_document(&mut owner, &doc).await;
    // Add a business case section to the newest revision.
    let current = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await
        .json();
    let base = current["revision"]["number"].as_i64().expect("number");
    let text = format!(
        "{}\n# Business case\n\n- Reach: 10 customers\n- Adoption: 10% / 20% / 40%\n- Value per customer: $10 a month\n- Cost: $1,200\n",
        current["text"].as_str().expect("text")
    );
    assert_eq!(
        api_save(&mut owner, &doc, base, &text).await.status,
        StatusCode::OK
    );
    let reply = upload(&mut owner, &doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    let report = owner
        .api(Method::GET, &format!("/api/documents/{doc}/outcomes"), None)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let b = &report.json()["business_case"];
    assert_eq!(b["planned"][1]["case"], "base");
    assert_eq!(b["planned"][1]["adopters"], json!(2.0));
    assert_eq!(b["planned"][1]["first_year_impact"], json!(240.0));
    // Two of the four users reached the aha step (basket_filled).
    assert_eq!(b["actual"]["adopters"], json!(2));
    assert_eq!(b["actual"]["reach"], json!(4));
    assert_eq!(b["actual"]["tracking"], "base");

    let page = owner.get(&format!("/d/{doc}/outcomes")).await;
    assert_eq!(page.status, StatusCode::OK);
    let section = element(&page.text, "business");
    assert!(section.contains("id=\"business-case\""), "{section}");
    assert!(section.contains("$240"), "{section}");
    assert!(section.contains("so far (base)"), "{section}");
}

/// The codes and messages of rule `code`'s findings in `GET /api/documents/{id}/check`.
async fn check_findings(browser: &mut Browser, doc: &str, code: &str) -> Vec<String> {
    let reply = browser
        .api(Method::GET, &format!("/api/documents/{doc}/check"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| format!("{} {}", d["message"], d["help"]))
        .collect()
}

/// Rule JR503 joins the document's findings once events were imported: silent before,
/// then naming the step whose event the stored events do not hold.
#[tokio::test]
async fn once_events_are_imported_a_step_whose_event_never_occurs_is_found() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    save_document(&mut owner, &doc).await;
    assert!(check_findings(&mut owner, &doc, "JR503").await.is_empty());

    let reply = upload(&mut owner, &doc, "name=events.csv", EVENTS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(
        check_findings(&mut owner, &doc, "JR503").await.is_empty(),
        "every step's event occurs"
    );

    let current = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await
        .json();
    let base = current["revision"]["number"].as_i64().expect("number");
    let text = current["text"]
        .as_str()
        .expect("text")
        .replace("event: order_paid", "event: order_payd");
    let saved = api_save(&mut owner, &doc, base, &text).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let found = check_findings(&mut owner, &doc, "JR503").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("step 3 names the event `order_payd`, which never occurs")
            && found[0].contains("did you mean `order_paid`?"),
        "{found:?}"
    );
}

/// A multipart body streamed in chunks, with no declared length: `head`, then `size`
/// bytes of event rows, then `tail`.
struct Streamed {
    head: Option<axum::body::Bytes>,
    rows: axum::body::Bytes,
    left: u64,
    tail: Option<axum::body::Bytes>,
}

impl axum::body::HttpBody for Streamed {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        let next = if let Some(head) = self.head.take() {
            Some(head)
        } else if self.left > 0 {
            let n = self.left.min(self.rows.len() as u64);
            self.left -= n;
            Some(self.rows.slice(..n as usize))
        } else {
            self.tail.take()
        };
        std::task::Poll::Ready(next.map(|b| Ok(hyper::body::Frame::data(b))))
    }
}

/// A file just over the import limit, sent through the page's form with no declared
/// length, is refused with 413 and the limit, not as a broken form.
#[tokio::test]
async fn a_form_upload_just_over_the_limit_gets_413() {
    let app = App::with(|c| c.events_hosts = vec!["127.0.0.1".to_owned()]).await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    let boundary = "prfaqboundary7d1e";
    let header = "user_id,event,timestamp\n";
    let line = "u1,app_opened,1772445600\n";
    let rows = line.repeat((1 << 20) / line.len());
    let body = Streamed {
        head: Some(axum::body::Bytes::from(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n{header}"
        ))),
        rows: axum::body::Bytes::from(rows),
        // The file is the header and the rows: one byte over the limit.
        left: 512 * 1024 * 1024 + 1 - header.len() as u64,
        tail: Some(axum::body::Bytes::from(format!("\r\n--{boundary}--\r\n"))),
    };
    let csrf = owner.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/d/{doc}/outcomes/events?csrf={csrf}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    let reply = owner.request(builder, Body::new(body)).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text
    );
    assert!(reply.text.contains("larger than 512 MiB"), "{}", reply.text);
}

/// `POST /api/documents/{id}/outcomes/events/postgres`: the events loaded into a
/// PostgreSQL table give the same report as the same events imported as a file; the
/// address is not kept, and the import is named by its table.
#[tokio::test]
async fn events_imported_from_a_postgres_table_give_the_files_report() {
    use sqlx::Connection;
    let Some(database) = prfaq_store::testing::PostgresScratch::create().await else {
        return;
    };
    let app = App::with(|c| c.events_hosts = vec!["127.0.0.1".to_owned()]).await;
    let (mut owner, _, doc) = owner_with_events(&app).await;
    let report = format!("/api/documents/{doc}/outcomes");
    let from_file = owner.api(Method::GET, &report, None).await.json();

    let mut conn = sqlx::PgConnection::connect(database.raw_url())
        .await
        .unwrap();
    sqlx::raw_sql(
        "CREATE TABLE app_events (uid text, name text, at timestamptz); \
         INSERT INTO app_events VALUES ('u0', 'page_viewed', '2026-01-04T09:00:00Z')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let mut copy = conn
        .copy_in_raw("COPY app_events FROM STDIN WITH (FORMAT csv, HEADER true)")
        .await
        .unwrap();
    copy.send(EVENTS.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();

    let path = format!("/api/documents/{doc}/outcomes/events/postgres");
    let body =
        |table: &str, map: &str| json!({ "url": database.raw_url(), "table": table, "map": map });
    let reply = owner
        .api(Method::POST, &path, Some(body("app_events", "user_id=uid")))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(
        reply.text.contains("table app_events") && reply.text.contains("no `event` column"),
        "{}",
        reply.text
    );
    let map = "user_id=uid,event=name,timestamp=at";
    let reply = owner
        .api(Method::POST, &path, Some(body("app_events", map)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let imported = reply.json();
    assert_eq!(imported["rows"], 9);
    assert_eq!(imported["upload"]["file_name"], "table app_events");
    assert!(!reply.text.contains("postgres://"), "{}", reply.text);
    let mut from_table = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(from_table["input"]["file"], "table app_events");
    from_table["input"] = from_file["input"].clone();
    assert_eq!(from_table, from_file, "the same events, the same report");
}

/// The server connects only to the PostgreSQL servers its operator listed
/// (`--events-hosts`): by default none; a listed host with another port is another
/// server; an address that is not PostgreSQL's names `url`.
#[tokio::test]
async fn events_are_read_only_from_listed_postgres_servers() {
    for (hosts, url, status, says) in [
        (
            vec![],
            "postgres://ann:s3cret@10.0.0.7:5432/shop",
            StatusCode::FORBIDDEN,
            "10.0.0.7:5432 is not one of them",
        ),
        (
            vec!["127.0.0.1:5433".to_owned()],
            "postgres://ann:s3cret@127.0.0.1:1/shop",
            StatusCode::FORBIDDEN,
            "127.0.0.1:1 is not one of them",
        ),
        (
            vec!["db.internal".to_owned()],
            "mysql://ann:s3cret@db.internal/shop",
            StatusCode::BAD_REQUEST,
            "`url`",
        ),
        // Listed: the request goes on (and stops at the example's journey, whose
        // steps name no events yet).
        (
            vec!["127.0.0.1:1".to_owned()],
            "postgres://ann:s3cret@127.0.0.1:1/shop",
            StatusCode::BAD_REQUEST,
            "names its event",
        ),
    ] {
        let app = App::with(|c| c.events_hosts = hosts.clone()).await;
        let (mut owner, _, doc) = owner_with_example(&app).await;
        let reply = owner
            .api(
                Method::POST,
                &format!("/api/documents/{doc}/outcomes/events/postgres"),
                Some(json!({ "url": url, "table": "events" })),
            )
            .await;
        assert_eq!(reply.status, status, "{hosts:?} {url}: {}", reply.text);
        assert!(reply.text.contains(says), "{hosts:?} {url}: {}", reply.text);
        assert!(!reply.text.contains("s3cret"), "{}", reply.text);
    }
}
