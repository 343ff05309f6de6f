//! Workspaces, their members and invitations, on any [`Backend`]. Every change of
//! membership runs in a write transaction that first locks the workspace, so that two
//! changes at once cannot leave a workspace without an owner.

use crate::model::*;
use crate::secret::{Secret, hash_secret, random_id};
use crate::sql::backend::{Backend, Record, Tx, sql};
use crate::sql::queries as q;
use crate::sql::{MAX_NAME, email_key, require, rows, valid_email, valid_text, write_error};
use crate::{Result, StoreError};

/// The actor's role in a workspace, read inside a transaction; `None` for a stranger.
pub(crate) async fn role_in(
    tx: &mut impl Tx,
    user: UserId,
    workspace: WorkspaceId,
) -> Result<Option<Role>> {
    let row = tx
        .fetch_optional(sql(q::ROLE_OF).bind(workspace.0).bind(user.0))
        .await?;
    row.as_ref().map(rows::role).transpose()
}

/// Takes the workspace's write lock (PostgreSQL: its row) so that membership changes
/// are serialized and the last owner cannot be lost to a race.
async fn lock_workspace<B: Backend>(tx: &mut B::Tx, workspace: WorkspaceId) -> Result<()> {
    tx.fetch_optional(sql(B::LOCK_WORKSPACE).bind(workspace.0))
        .await?;
    Ok(())
}

pub(crate) async fn create_workspace(
    db: &impl Backend,
    owner: UserId,
    name: &str,
) -> Result<Workspace> {
    let name = valid_text(name, "workspace name", MAX_NAME)?;
    let workspace = Workspace {
        id: WorkspaceId(random_id()?),
        name: name.to_string(),
        created_at: now_millis(),
    };
    let mut tx = db.begin_write().await?;
    let insert = sql(q::INSERT_WORKSPACE)
        .bind(workspace.id.0)
        .bind(&workspace.name)
        .bind(workspace.created_at);
    tx.execute(insert)
        .await
        .map_err(|error| write_error(error, "a workspace"))?;
    let member = sql(q::INSERT_MEMBERSHIP)
        .bind(workspace.id.0)
        .bind(owner.0)
        .bind(Role::Owner.as_str())
        .bind(workspace.created_at);
    tx.execute(member)
        .await
        .map_err(|error| write_error(error, "a membership"))?;
    tx.commit().await?;
    Ok(workspace)
}

pub(crate) async fn workspaces_of(db: &impl Backend, user: UserId) -> Result<Vec<Membership>> {
    let found = db.fetch_all(sql(q::WORKSPACES_OF).bind(user.0)).await?;
    found
        .iter()
        .map(|row| {
            let (workspace, role) = rows::workspace(row)?;
            Ok(Membership { workspace, role })
        })
        .collect()
}

pub(crate) async fn workspace(
    db: &impl Backend,
    actor: UserId,
    id: WorkspaceId,
) -> Result<Workspace> {
    let row = db
        .fetch_optional(sql(q::WORKSPACE_FOR_MEMBER).bind(id.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(rows::workspace(&row)?.0)
}

pub(crate) async fn rename_workspace(
    db: &impl Backend,
    actor: UserId,
    id: WorkspaceId,
    name: &str,
) -> Result<Workspace> {
    let name = valid_text(name, "workspace name", MAX_NAME)?;
    let mut tx = db.begin_write().await?;
    require(role_in(&mut tx, actor, id).await?, Role::can_manage)?;
    tx.execute(sql(q::RENAME_WORKSPACE).bind(id.0).bind(name))
        .await?;
    tx.commit().await?;
    workspace(db, actor, id).await
}

pub(crate) async fn role_of(
    db: &impl Backend,
    user: UserId,
    workspace: WorkspaceId,
) -> Result<Option<Role>> {
    let row = db
        .fetch_optional(sql(q::ROLE_OF).bind(workspace.0).bind(user.0))
        .await?;
    row.as_ref().map(rows::role).transpose()
}

pub(crate) async fn members(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<Vec<Member>> {
    require(role_of(db, actor, workspace).await?, |_| true)?;
    let found = db.fetch_all(sql(q::MEMBERS).bind(workspace.0)).await?;
    found
        .iter()
        .map(|row| {
            Ok(Member {
                user: rows::user(row)?,
                role: rows::role(row)?,
                joined_at: row.int("joined_at")?,
            })
        })
        .collect()
}

/// Refuses, with `message`, when the workspace's only owner would stop being one.
async fn keep_an_owner(
    tx: &mut impl Tx,
    workspace: WorkspaceId,
    message: &'static str,
) -> Result<()> {
    let owners = tx
        .fetch_one(sql(q::COUNT_OWNERS).bind(workspace.0))
        .await?
        .int("owners")?;
    if owners <= 1 {
        return Err(StoreError::Conflict(message.into()));
    }
    Ok(())
}

pub(crate) async fn set_role<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    member: UserId,
    role: Role,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    lock_workspace::<B>(&mut tx, workspace).await?;
    require(role_in(&mut tx, actor, workspace).await?, Role::can_manage)?;
    let current = role_in(&mut tx, member, workspace)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current == Role::Owner && role != Role::Owner {
        keep_an_owner(
            &mut tx,
            workspace,
            "a workspace needs an owner: make someone else an owner first",
        )
        .await?;
    }
    let update = sql(q::SET_ROLE)
        .bind(workspace.0)
        .bind(member.0)
        .bind(role.as_str());
    tx.execute(update).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn remove_member<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    member: UserId,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    lock_workspace::<B>(&mut tx, workspace).await?;
    let actor_role = role_in(&mut tx, actor, workspace).await?;
    if actor == member {
        require(actor_role, |_| true)?;
    } else {
        require(actor_role, Role::can_manage)?;
    }
    let current = role_in(&mut tx, member, workspace)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current == Role::Owner {
        keep_an_owner(
            &mut tx,
            workspace,
            "the last owner cannot leave: make someone else an owner first",
        )
        .await?;
    }
    tx.execute(sql(q::DELETE_MEMBERSHIP).bind(workspace.0).bind(member.0))
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn create_invitation(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
    email: &str,
    role: Role,
    expires_at: Millis,
) -> Result<(Invitation, Secret)> {
    let email = valid_email(email)?;
    let now = now_millis();
    if expires_at <= now {
        return Err(StoreError::Invalid(
            "the invitation would expire at once".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    require(role_in(&mut tx, actor, workspace).await?, Role::can_manage)?;
    let workspace_name = tx
        .fetch_one(sql(q::WORKSPACE_NAME).bind(workspace.0))
        .await?
        .text("workspace_name")?;
    let secret = Secret::generate("")?;
    let invitation = Invitation {
        id: InvitationId(random_id()?),
        workspace,
        workspace_name,
        email: email.to_string(),
        role,
        invited_by: actor,
        created_at: now,
        expires_at,
        accepted_at: None,
    };
    let insert = sql(q::INSERT_INVITATION)
        .bind(invitation.id.0)
        .bind(workspace.0)
        .bind(email)
        .bind(email_key(email))
        .bind(role.as_str())
        .bind(secret.hash())
        .bind(actor.0)
        .bind(now)
        .bind(expires_at);
    tx.execute(insert)
        .await
        .map_err(|error| write_error(error, "an invitation"))?;
    tx.commit().await?;
    Ok((invitation, secret))
}

pub(crate) async fn invitations(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<Vec<Invitation>> {
    require(role_of(db, actor, workspace).await?, Role::can_manage)?;
    let found = db
        .fetch_all(sql(q::OPEN_INVITATIONS).bind(workspace.0))
        .await?;
    found
        .iter()
        .map(|row| Ok(rows::invitation(row)?.0))
        .collect()
}

pub(crate) async fn invitation(db: &impl Backend, secret: &str) -> Result<Invitation> {
    let row = db
        .fetch_optional(sql(q::INVITATION_BY_HASH).bind(hash_secret(secret)))
        .await?
        .ok_or(StoreError::NotFound)?;
    let (invitation, _) = rows::invitation(&row)?;
    if invitation.expires_at <= now_millis() {
        return Err(StoreError::Expired);
    }
    Ok(invitation)
}

pub(crate) async fn accept_invitation<B: Backend>(
    db: &B,
    secret: &str,
    user: UserId,
) -> Result<Membership> {
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    let row = tx
        .fetch_optional(sql(q::INVITATION_BY_HASH).bind(hash_secret(secret)))
        .await?
        .ok_or(StoreError::NotFound)?;
    let (invitation, invited_key) = rows::invitation(&row)?;
    if invitation.expires_at <= now {
        return Err(StoreError::Expired);
    }
    let account = tx
        .fetch_optional(sql(q::USER_BY_ID).bind(user.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let account = rows::user(&account)?;
    // The link may have been forwarded: only the invited address gets in.
    if email_key(&account.email) != invited_key {
        return Err(StoreError::Forbidden);
    }
    let accept = sql(q::ACCEPT_INVITATION)
        .bind(invitation.id.0)
        .bind(now)
        .bind(user.0);
    if tx.execute(accept).await? != 1 {
        return Err(StoreError::NotFound);
    }
    lock_workspace::<B>(&mut tx, invitation.workspace).await?;
    let join = sql(q::JOIN_BY_INVITATION)
        .bind(invitation.workspace.0)
        .bind(user.0)
        .bind(invitation.role.as_str())
        .bind(now);
    tx.execute(join).await?;
    let row = tx
        .fetch_one(
            sql(q::WORKSPACE_FOR_MEMBER)
                .bind(invitation.workspace.0)
                .bind(user.0),
        )
        .await?;
    let (workspace, role) = rows::workspace(&row)?;
    tx.commit().await?;
    Ok(Membership { workspace, role })
}

pub(crate) async fn revoke_invitation(
    db: &impl Backend,
    actor: UserId,
    id: InvitationId,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let workspace = tx
        .fetch_optional(sql(q::INVITATION_WORKSPACE).bind(id.0))
        .await?
        .ok_or(StoreError::NotFound)?
        .int("workspace_id")?;
    require(
        role_in(&mut tx, actor, WorkspaceId(workspace)).await?,
        Role::can_manage,
    )?;
    let revoke = sql(q::REVOKE_INVITATION).bind(id.0).bind(now_millis());
    if tx.execute(revoke).await? == 0 {
        return Err(StoreError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
