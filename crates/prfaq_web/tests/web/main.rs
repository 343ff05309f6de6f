//! The workspace, driven through its router without a socket: accounts, documents,
//! revisions, the API, and the security promises of issue 8 (access, CSRF, limits,
//! sanitization, headers, tokens). One test binary keeps link time down.

#[macro_use]
mod support;

mod accounts;
mod api;
mod caches;
mod documents;
mod evidence;
mod friction;
mod full_disk;
mod heavy;
mod mail;
mod notices;
mod openapi;
mod openapi_notices;
mod openapi_outcomes;
mod outcomes;
mod postgres;
mod probe;
mod review;
mod security;
mod serve;
mod themes;
