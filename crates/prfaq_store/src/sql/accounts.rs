//! Accounts, sessions, sign-in failures and personal access tokens, on any
//! [`Backend`]. None of these takes an actor: the caller proves who it is with a secret
//! or is the account itself (see [`Store`](crate::Store)).

use crate::model::*;
use crate::secret::{Secret, hash_secret, random_id};
use crate::sql::backend::{Backend, Record, sql};
use crate::sql::queries as q;
use crate::sql::{
    MAX_NAME, TOUCH_INTERVAL_MS, email_key, limiter_key, rows, valid_body, valid_email, valid_text,
    write_error,
};
use crate::{Result, StoreError};

pub(crate) async fn user_count(db: &impl Backend) -> Result<i64> {
    db.fetch_one(sql(q::COUNT_USERS)).await?.int("users")
}

pub(crate) async fn create_user(db: &impl Backend, new: NewUser<'_>) -> Result<User> {
    let email = valid_email(new.email)?;
    let display_name = valid_text(new.display_name, "display name", MAX_NAME)?;
    let password_hash = valid_password_hash(new.password_hash)?;
    let user = User {
        id: UserId(random_id()?),
        email: email.to_string(),
        display_name: display_name.to_string(),
        created_at: now_millis(),
    };
    let insert = sql(q::INSERT_USER)
        .bind(user.id.0)
        .bind(&user.email)
        .bind(email_key(email))
        .bind(&user.display_name)
        .bind(password_hash)
        .bind(user.created_at);
    db.execute(insert)
        .await
        .map_err(|error| write_error(error, "an account with this email address"))?;
    Ok(user)
}

/// A password hash the store may keep: not empty, no NUL.
fn valid_password_hash(hash: &str) -> Result<&str> {
    if valid_body(hash, "password hash")?.is_empty() {
        return Err(StoreError::Invalid("the password hash is empty".into()));
    }
    Ok(hash)
}

pub(crate) async fn user(db: &impl Backend, id: UserId) -> Result<User> {
    let row = db.fetch_optional(sql(q::USER_BY_ID).bind(id.0)).await?;
    rows::user(&row.ok_or(StoreError::NotFound)?)
}

pub(crate) async fn credentials(db: &impl Backend, email: &str) -> Result<(User, PasswordHash)> {
    if email.contains('\0') {
        return Err(StoreError::NotFound);
    }
    let row = db
        .fetch_optional(sql(q::CREDENTIALS).bind(email_key(email)))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((rows::user(&row)?, PasswordHash(row.text("password_hash")?)))
}

pub(crate) async fn set_password_hash(
    db: &impl Backend,
    user: UserId,
    password_hash: &str,
) -> Result<()> {
    let password_hash = valid_password_hash(password_hash)?;
    let update = sql(q::SET_PASSWORD_HASH).bind(user.0).bind(password_hash);
    if db.execute(update).await? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub(crate) async fn create_session(
    db: &impl Backend,
    user: UserId,
    expires_at: Millis,
) -> Result<Secret> {
    let secret = Secret::generate("")?;
    let now = now_millis();
    let insert = sql(q::INSERT_SESSION)
        .bind(secret.hash())
        .bind(user.0)
        .bind(now)
        .bind(expires_at)
        .bind(now);
    db.execute(insert)
        .await
        .map_err(|error| write_error(error, "a session"))?;
    Ok(secret)
}

pub(crate) async fn session_user(db: &impl Backend, secret: &str) -> Result<(Session, User)> {
    let (row, session) = live_session(db, q::SESSION_USER_BY_HASH, secret).await?;
    Ok((session, rows::user(&row)?))
}

pub(crate) async fn session(db: &impl Backend, secret: &str) -> Result<Session> {
    Ok(live_session(db, q::SESSION_BY_HASH, secret).await?.1)
}

/// The unexpired session for a cookie's secret with the row `query` found it in
/// (binding the secret's hash and the time now), its use recorded.
async fn live_session<B: Backend>(
    db: &B,
    query: &'static str,
    secret: &str,
) -> Result<(B::Row, Session)> {
    let hash = hash_secret(secret);
    let now = now_millis();
    let row = db
        .fetch_optional(sql(query).bind(&hash).bind(now))
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut session = rows::session(&row)?;
    touch_session(db, &hash, now, &mut session).await;
    Ok((row, session))
}

/// Records that a session was used, at most once a minute, so that reads stay reads.
/// Best effort: when the write is refused (a full disk), the request is served all the
/// same and the time is recorded next time.
async fn touch_session(db: &impl Backend, hash: &str, now: i64, session: &mut Session) {
    if now - session.last_seen_at < TOUCH_INTERVAL_MS {
        return;
    }
    match db.execute(sql(q::TOUCH_SESSION).bind(hash).bind(now)).await {
        Ok(_) => session.last_seen_at = now,
        Err(error) => tracing::warn!(
            error = %StoreError::from(error),
            "could not record when a session was last used; serving the request anyway"
        ),
    }
}

pub(crate) async fn delete_session(db: &impl Backend, secret: &str) -> Result<()> {
    db.execute(sql(q::DELETE_SESSION).bind(hash_secret(secret)))
        .await?;
    Ok(())
}

pub(crate) async fn delete_user_sessions(db: &impl Backend, user: UserId) -> Result<u64> {
    Ok(db
        .execute(sql(q::DELETE_USER_SESSIONS).bind(user.0))
        .await?)
}

pub(crate) async fn purge_expired_sessions(db: &impl Backend) -> Result<u64> {
    Ok(db
        .execute(sql(q::PURGE_SESSIONS).bind(now_millis()))
        .await?)
}

pub(crate) async fn record_sign_in_failure(
    db: &impl Backend,
    email: &str,
    address: &str,
) -> Result<()> {
    let insert = sql(q::INSERT_SIGN_IN_FAILURE)
        .bind(random_id()?)
        .bind(limiter_key(email))
        .bind(limiter_key(address))
        .bind(now_millis());
    db.execute(insert).await?;
    Ok(())
}

pub(crate) async fn sign_in_failures(
    db: &impl Backend,
    email: &str,
    address: &str,
    since: Millis,
) -> Result<SignInFailures> {
    let count = sql(q::COUNT_SIGN_IN_FAILURES)
        .bind(limiter_key(email))
        .bind(limiter_key(address))
        .bind(since);
    let row = db.fetch_one(count).await?;
    Ok(SignInFailures {
        pair: row.int("pair")?,
        pair_last: row.opt_int("pair_last")?,
        address: row.int("address")?,
        address_last: row.opt_int("address_last")?,
    })
}

pub(crate) async fn clear_sign_in_failures(
    db: &impl Backend,
    email: &str,
    address: &str,
) -> Result<()> {
    let delete = sql(q::CLEAR_SIGN_IN_FAILURES)
        .bind(limiter_key(email))
        .bind(limiter_key(address));
    db.execute(delete).await?;
    Ok(())
}

pub(crate) async fn purge_sign_in_failures(db: &impl Backend, before: Millis) -> Result<u64> {
    Ok(db
        .execute(sql(q::PURGE_SIGN_IN_FAILURES).bind(before))
        .await?)
}

pub(crate) async fn create_token(
    db: &impl Backend,
    user: UserId,
    name: &str,
    scope: TokenScope,
) -> Result<(ApiToken, Secret)> {
    let name = valid_text(name, "token name", MAX_NAME)?;
    let secret = Secret::generate("prfaq_pat_")?;
    let token = ApiToken {
        id: TokenId(random_id()?),
        user,
        name: name.to_string(),
        scope,
        created_at: now_millis(),
        last_used_at: None,
        revoked_at: None,
    };
    let insert = sql(q::INSERT_TOKEN)
        .bind(token.id.0)
        .bind(user.0)
        .bind(&token.name)
        .bind(secret.hash())
        .bind(scope.as_str())
        .bind(token.created_at);
    db.execute(insert)
        .await
        .map_err(|error| write_error(error, "a token"))?;
    Ok((token, secret))
}

pub(crate) async fn token(db: &impl Backend, secret: &str) -> Result<ApiToken> {
    let row = db
        .fetch_optional(sql(q::TOKEN_BY_HASH).bind(hash_secret(secret)))
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut token = rows::token(&row)?;
    let now = now_millis();
    // Best effort, as for sessions: a refused write (a full disk) must not turn a read
    // into an error.
    if token
        .last_used_at
        .is_none_or(|last| now - last >= TOUCH_INTERVAL_MS)
    {
        match db
            .execute(sql(q::TOUCH_TOKEN).bind(token.id.0).bind(now))
            .await
        {
            Ok(_) => token.last_used_at = Some(now),
            Err(error) => tracing::warn!(
                error = %StoreError::from(error),
                token = token.id.0,
                "could not record when a token was last used; serving the request anyway"
            ),
        }
    }
    Ok(token)
}

pub(crate) async fn tokens(db: &impl Backend, user: UserId) -> Result<Vec<ApiToken>> {
    let found = db.fetch_all(sql(q::TOKENS_OF).bind(user.0)).await?;
    found.iter().map(rows::token).collect()
}

pub(crate) async fn revoke_token(db: &impl Backend, user: UserId, id: TokenId) -> Result<()> {
    let update = sql(q::REVOKE_TOKEN)
        .bind(id.0)
        .bind(user.0)
        .bind(now_millis());
    if db.execute(update).await? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
