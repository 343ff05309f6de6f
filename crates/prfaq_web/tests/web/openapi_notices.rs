//! The notification operations answering as the OpenAPI document lists them: called
//! from `openapi::every_answer_is_listed_with_its_schema` once the review's operations
//! have left the owner notices.

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::openapi::Seen;
use crate::support::{App, Browser};

const LIST: &str = "/api/notifications";
const ONE: &str = "/api/notifications/{id}/read";
const ALL: &str = "/api/notifications/read-all";
const EMAIL: &str = "/api/notifications/email";

pub(crate) async fn notice_answers(
    app: &App,
    spec: &Value,
    owner: &mut Browser,
    viewer: &mut Browser,
    seen: &mut Seen,
) {
    let mut call =
        async |who: &mut Browser, method: Method, path: &str, template: &str, status: u16| {
            let reply = who.api(method.clone(), path, None).await;
            assert_eq!(
                reply.status.as_u16(),
                status,
                "{method} {path}: {}",
                reply.text
            );
            seen.check(spec, method.as_str(), template, &reply);
            reply
        };
    let listed = call(owner, Method::GET, LIST, LIST, 200).await;
    let id = listed.json()["notices"][0]["id"].to_string();
    assert_ne!(
        id, "null",
        "the review left the owner notices: {}",
        listed.text
    );
    call(
        owner,
        Method::GET,
        "/api/notifications?unread=true&limit=2",
        LIST,
        200,
    )
    .await;
    call(
        owner,
        Method::GET,
        "/api/notifications?unread=perhaps",
        LIST,
        400,
    )
    .await;
    let one = format!("/api/notifications/{id}/read");
    call(viewer, Method::POST, &one, ONE, 404).await;
    call(owner, Method::POST, &one, ONE, 200).await;
    call(
        owner,
        Method::POST,
        "/api/notifications/4242/read",
        ONE,
        404,
    )
    .await;
    call(owner, Method::POST, ALL, ALL, 200).await;
    call(owner, Method::GET, EMAIL, EMAIL, 200).await;
    let mut email = async |who: &mut Browser, body: Value, status: u16| {
        let reply = who.api(Method::POST, EMAIL, Some(body.clone())).await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.text);
        seen.check(spec, "POST", EMAIL, &reply);
    };
    email(owner, serde_json::json!({ "email": false }), 200).await;
    email(owner, serde_json::json!({ "email": "off" }), 400).await;
    email(viewer, serde_json::json!({ "email": true }), 200).await;
    let anonymous = app.browser().get(LIST).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    seen.check(spec, "GET", LIST, &anonymous);
}
