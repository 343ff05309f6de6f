//! Talking to a running workspace with a personal access token, as `push`, `pull` and
//! the workspace subcommands do: the server's address and token, requests that return
//! the status and the JSON answer, and the server's own explanation of an error.

use std::io::Read;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;
use ureq::http::{Method, Request};

#[derive(Debug, clap::Args)]
pub struct Server {
    /// The workspace's address.
    #[arg(long, env = "PRFAQ_SERVER", default_value = "http://127.0.0.1:7878")]
    pub(crate) server: String,
    /// A personal access token (create one under Settings → Tokens).
    #[arg(long, env = "PRFAQ_TOKEN", hide_env_values = true)]
    pub(crate) token: String,
}

/// What a request sends.
pub(crate) enum Sent<'a> {
    Nothing,
    Json(&'a Value),
    /// A file, streamed as it is read.
    File(Box<dyn Read + Send + 'static>),
}

/// How long the command waits for the workspace's answer before it gives up.
#[derive(Clone, Copy)]
pub(crate) enum Wait {
    /// A minute: a question, or a change of a few rows.
    Quick,
    /// Half an hour: a file streamed, or a table the workspace reads.
    Long,
}

impl Wait {
    fn limit(self) -> Duration {
        match self {
            Wait::Quick => Duration::from_secs(60),
            Wait::Long => Duration::from_secs(30 * 60),
        }
    }
}

impl Server {
    /// The `Authorization` header's value for the token.
    fn bearer(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// The address of `path` on this workspace.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.trim_end_matches('/'))
    }

    /// Sends `method path` with `sent`; the status and the JSON answer (or the answer's
    /// text as a JSON string). `what` names the request in errors: "cannot reach the
    /// workspace to {what}".
    pub(crate) fn call(
        &self,
        method: Method,
        path: &str,
        sent: Sent<'_>,
        wait: Wait,
        what: &str,
    ) -> Result<(u16, Value)> {
        let (status, text) = self.text(method, path, sent, wait, what)?;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, value))
    }

    /// `GET path`: the status and the JSON answer.
    pub(crate) fn get(&self, path: &str, what: &str) -> Result<(u16, Value)> {
        self.call(Method::GET, path, Sent::Nothing, Wait::Quick, what)
    }

    /// `GET path`: the JSON answer of a success, or the server's explanation as the error.
    pub(crate) fn get_ok(&self, path: &str, what: &str) -> Result<Value> {
        success(self.get(path, what)?)
    }

    /// `GET path` as a text answer: the status and the text, for answers that are not JSON.
    pub(crate) fn get_text(&self, path: &str, what: &str) -> Result<(u16, String)> {
        self.text(Method::GET, path, Sent::Nothing, Wait::Quick, what)
    }

    /// `method path` with a JSON body: the status and the JSON answer.
    pub(crate) fn json(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        what: &str,
    ) -> Result<(u16, Value)> {
        self.call(method, path, Sent::Json(body), Wait::Quick, what)
    }

    /// Sends the request; the status and the answer's text.
    fn text(
        &self,
        method: Method,
        path: &str,
        sent: Sent<'_>,
        wait: Wait,
        what: &str,
    ) -> Result<(u16, String)> {
        let mut response = self
            .send(method, path, sent, wait)
            .with_context(|| format!("cannot reach the workspace to {what}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .with_context(|| format!("cannot read the workspace's answer to {what}"))?;
        Ok((status, text))
    }

    fn send(
        &self,
        method: Method,
        path: &str,
        sent: Sent<'_>,
        wait: Wait,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(wait.limit()))
            .build()
            .into();
        let request = Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("Authorization", self.bearer());
        match sent {
            Sent::Nothing => agent.run(request.body(())?),
            Sent::Json(body) => agent.run(
                request
                    .header("Content-Type", "application/json; charset=utf-8")
                    .body(serde_json::to_vec(body)?)?,
            ),
            Sent::File(reader) => agent.run(
                request
                    .header("Content-Type", "application/octet-stream")
                    .body(ureq::SendBody::from_owned_reader(reader))?,
            ),
        }
    }
}

/// The answer of a request that succeeded (any 2xx), or the server's explanation as the
/// error.
pub(crate) fn success((status, answer): (u16, Value)) -> Result<Value> {
    if !(200..300).contains(&status) {
        bail!("{}", explain(status, &answer));
    }
    Ok(answer)
}

/// The server's own explanation of an error response.
pub(crate) fn explain(status: u16, body: &Value) -> String {
    let message = body
        .pointer("/error/message")
        .or_else(|| body.get("message"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| body.to_string());
    match status {
        401 => format!("the token was refused (401): {message}"),
        404 => "no such document, or the token's owner cannot see it (404)".to_owned(),
        _ => format!("the workspace answered {status}: {message}"),
    }
}

/// Percent-encodes a query value.
pub(crate) fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
