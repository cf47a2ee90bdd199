//! Tài khoản cán bộ: sign-in, roles and the idle lock. Every core function that acts for a person
//! takes the [`Session`] that [`sign_in`] made and checks the role with [`Session::require`], so
//! the rules hold for the app and the CLI alike, not only in the UI.
//!
//! Roles: clerk ⊂ supervisor ⊂ admin (see [`Permission::role`]). Passwords are stored as argon2id
//! PHC strings, never as such; 5 failed sign-ins in a row lock the account for 15 minutes.

pub mod audit;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;
use uuid::Uuid;

use crate::search_text::nfc;
use crate::store::{self, Db};
use crate::{Error, Result, clock};
use audit::Actor;

/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILED: i64 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;
/// Idle minutes before the app locks itself, when not set.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_CHARS: usize = 256;

/// Vai trò. admin ⊇ supervisor ⊇ clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub enum Role {
    /// Cán bộ tiếp nhận.
    Clerk,
    /// Lãnh đạo / giám sát.
    Supervisor,
    /// Quản trị.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_lowercase().as_str() {
            "clerk" => Some(Role::Clerk),
            "supervisor" => Some(Role::Supervisor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The Vietnamese name of the role.
    pub fn label(self) -> String {
        t!(format!("accounts.role_{}", self.as_str())).to_string()
    }
}

/// What a person may do. Each permission needs a minimum [`Role`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Record a walk-in dossier.
    RecordIntake,
    /// Move, hand out, extend, stop or withdraw a dossier; change its due time.
    ChangeDossier,
    /// Open a dossier's personal data, search applicants (audited).
    ViewDossier,
    /// Print or save a dossier's forms.
    PrintForms,
    /// Search the register, read the catalogue.
    SearchRegister,
    /// Sync with the portal now.
    SyncNow,
    /// The end-of-day report.
    DayReport,
    /// The ledger (Mẫu 07) export.
    ExportLedger,
    /// Exports with whole ID and phone numbers.
    FullIdentifiers,
    /// Create, disable, reset accounts.
    ManageAccounts,
    /// Unit settings, working hours, idle lock.
    UnitSettings,
    /// Import a procedure catalogue.
    ImportCatalogue,
    /// Enroll the desk with the portal.
    Enroll,
    /// Back up and restore the database.
    Backup,
    /// Read and verify the audit log.
    VerifyAudit,
}

impl Permission {
    /// The least role that has this permission.
    pub fn role(self) -> Role {
        use Permission::*;
        match self {
            RecordIntake | ChangeDossier | ViewDossier | PrintForms | SearchRegister | SyncNow => {
                Role::Clerk
            }
            DayReport | ExportLedger | FullIdentifiers => Role::Supervisor,
            ManageAccounts | UnitSettings | ImportCatalogue | Enroll | Backup | VerifyAudit => {
                Role::Admin
            }
        }
    }

    fn key(self) -> &'static str {
        use Permission::*;
        match self {
            RecordIntake => "record_intake",
            ChangeDossier => "change_dossier",
            ViewDossier => "view_dossier",
            PrintForms => "print_forms",
            SearchRegister => "search_register",
            SyncNow => "sync_now",
            DayReport => "day_report",
            ExportLedger => "export_ledger",
            FullIdentifiers => "full_identifiers",
            ManageAccounts => "manage_accounts",
            UnitSettings => "unit_settings",
            ImportCatalogue => "import_catalogue",
            Enroll => "enroll",
            Backup => "backup",
            VerifyAudit => "verify_audit",
        }
    }

    /// What the action is called in messages.
    pub fn label(self) -> String {
        t!(format!("accounts.action_{}", self.key())).to_string()
    }
}

/// A signed-in clerk. Only [`sign_in`] makes one (the fields are private); every write is
/// attributed to [`Session::clerk_id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    clerk_id: String,
    username: String,
    full_name: String,
    role: Role,
}

impl Session {
    pub fn clerk_id(&self) -> &str {
        &self.clerk_id
    }
    pub fn username(&self) -> &str {
        &self.username
    }
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether the role has `p`.
    pub fn allows(&self, p: Permission) -> bool {
        self.role >= p.role()
    }

    /// `Forbidden` (naming the action and the role it needs) unless the role has `p`.
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.allows(p) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                action: p.label(),
                role: p.role().label(),
            })
        }
    }

    pub fn view(&self) -> SessionView {
        SessionView {
            clerk_id: self.clerk_id.clone(),
            username: self.username.clone(),
            full_name: self.full_name.clone(),
            role: self.role,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct SessionView {
    pub clerk_id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
}

/// What the app shows before and around sign-in.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct SessionStatus {
    pub initialized: bool,
    pub signed_in: bool,
    pub locked: bool,
    pub clerk: Option<SessionView>,
    pub idle_lock_minutes: u32,
    pub last_username: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct AccountView {
    pub clerk_id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    pub failed_attempts: u32,
    /// RFC 3339 (UTC) while the account is locked out.
    pub locked_until: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct NewAccount {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub password: String,
}

/// The argon2id PHC string of `password`, after checking its length.
pub fn hash_password(password: &str) -> Result<String> {
    check_password(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::invalid("internal", None, e.to_string()))
}

fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(Error::WeakPassword);
    }
    Ok(())
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the name is unknown, so that the answer takes as long.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// Sign-in names: 3-32 of a-z, 0-9, `.`, `_`, `-` (compared in lower case).
pub fn normalize_username(raw: &str) -> Result<String> {
    let u = raw.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(u)
    } else {
        Err(Error::invalid(
            "invalid_username",
            Some("username"),
            t!("accounts.invalid_username"),
        ))
    }
}

type AccountRow = (
    String,
    String,
    String,
    bool,
    Option<String>,
    i64,
    Option<String>,
);

/// Đăng nhập. Unknown name and wrong password give the same `bad_credentials`; the 5th failure
/// in a row locks the account for 15 minutes (`account_locked`); success resets the count. Every
/// attempt is audited.
pub async fn sign_in(
    db: &Db,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Session> {
    let name = username.trim().to_lowercase();
    let row: Option<AccountRow> = sqlx::query_as(
        "SELECT id, full_name, role, active, password_hash, failed_attempts, locked_until FROM clerk WHERE username = ?",
    )
    .bind(&name)
    .fetch_optional(db)
    .await?;
    let Some((id, full_name, role, active, hash, failed, locked_until)) = row else {
        let _ = verify_password(password, dummy_hash());
        let shown: String = name.chars().take(32).collect();
        audit::record(
            db,
            Actor {
                clerk_id: None,
                name: &shown,
            },
            "auth.sign_in_failed",
            &shown,
            json!({ "reason": "unknown_user" }),
            now,
        )
        .await?;
        return Err(Error::BadCredentials);
    };
    let actor = Actor {
        clerk_id: Some(&id),
        name: &name,
    };
    let refuse = |reason: &'static str| json!({ "reason": reason });
    if !active {
        // Only someone who knows the password learns that the account is disabled; anyone else
        // gets the same answer as for a wrong password.
        let knows = hash
            .as_deref()
            .is_some_and(|h| verify_password(password, h));
        audit::record(
            db,
            actor,
            "auth.sign_in_failed",
            &name,
            refuse("disabled"),
            now,
        )
        .await?;
        return Err(if knows {
            Error::AccountDisabled
        } else {
            Error::BadCredentials
        });
    }
    let lock_end = locked_until.as_deref().and_then(clock::parse);
    if let Some(until) = lock_end.filter(|u| *u > now) {
        audit::record(
            db,
            actor,
            "auth.sign_in_failed",
            &name,
            refuse("locked"),
            now,
        )
        .await?;
        return Err(Error::AccountLocked {
            until: clock::display(until),
        });
    }
    let Some(hash) = hash else {
        return Err(Error::PasswordNotSet(name));
    };
    let mut tx = store::write_tx(db).await?;
    if verify_password(password, &hash) {
        sqlx::query("UPDATE clerk SET failed_attempts = 0, locked_until = NULL WHERE id = ?")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        audit::append(&mut tx, actor, "auth.sign_in", &name, json!({}), now).await?;
        tx.commit().await?;
        store::set_setting(db, "last_username", &name).await?;
        return Ok(Session {
            clerk_id: id,
            username: name,
            full_name,
            role: Role::parse(&role).unwrap_or(Role::Clerk),
        });
    }
    // A lockout that has run out starts the count again.
    let before = if lock_end.is_some() { 0 } else { failed };
    let failed = before + 1;
    let until = (failed >= MAX_FAILED).then(|| now + chrono::Duration::minutes(LOCKOUT_MINUTES));
    sqlx::query("UPDATE clerk SET failed_attempts = ?, locked_until = ? WHERE id = ?")
        .bind(failed)
        .bind(until.map(clock::to_db))
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        "auth.sign_in_failed",
        &name,
        json!({ "reason": "bad_password", "failed_attempts": failed, "locked_until": until.map(clock::to_db) }),
        now,
    )
    .await?;
    tx.commit().await?;
    match until {
        Some(u) => Err(Error::AccountLocked {
            until: clock::display(u),
        }),
        None => Err(Error::BadCredentials),
    }
}

/// Đăng xuất (audited).
pub async fn sign_out(db: &Db, s: &Session, now: DateTime<Utc>) -> Result<()> {
    audit::record(db, s.actor(), "auth.sign_out", s.username(), json!({}), now).await
}

/// Khóa màn hình: the clerk stepped away or the idle time ran out (audited).
pub async fn lock(db: &Db, s: &Session, idle: bool, now: DateTime<Utc>) -> Result<()> {
    audit::record(
        db,
        s.actor(),
        "auth.lock",
        s.username(),
        json!({ "idle": idle }),
        now,
    )
    .await
}

/// Mở khóa: the clerk of a locked session signs in again (counted like any sign-in).
pub async fn unlock(
    db: &Db,
    locked: &Session,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Session> {
    let s = sign_in(db, locked.username(), password, now).await?;
    if s.clerk_id() != locked.clerk_id() {
        return Err(Error::BadCredentials);
    }
    Ok(s)
}

const ACCOUNT_COLUMNS: &str =
    "id AS clerk_id, username, full_name, role, active, failed_attempts, locked_until";

#[derive(sqlx::FromRow)]
struct AccountRecord {
    clerk_id: String,
    username: String,
    full_name: String,
    role: String,
    active: bool,
    failed_attempts: i64,
    locked_until: Option<String>,
}

impl AccountRecord {
    fn view(self, now: DateTime<Utc>) -> AccountView {
        let locked_until = self
            .locked_until
            .filter(|u| clock::parse(u).is_some_and(|u| u > now));
        AccountView {
            clerk_id: self.clerk_id,
            username: self.username,
            full_name: self.full_name,
            role: Role::parse(&self.role).unwrap_or(Role::Clerk),
            active: self.active,
            failed_attempts: u32::try_from(self.failed_attempts).unwrap_or(0),
            locked_until,
        }
    }
}

async fn account(db: &Db, clerk_id: &str, now: DateTime<Utc>) -> Result<AccountView> {
    let r: Option<AccountRecord> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM clerk WHERE id = ? AND username IS NOT NULL"
    ))
    .bind(clerk_id)
    .fetch_optional(db)
    .await?;
    r.map(|r| r.view(now)).ok_or_else(|| {
        Error::not_found("account_not_found", t!("accounts.not_found", id = clerk_id))
    })
}

/// Every account (admin).
pub async fn list(db: &Db, by: &Session) -> Result<Vec<AccountView>> {
    by.require(Permission::ManageAccounts)?;
    let now = Utc::now();
    let rows: Vec<AccountRecord> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM clerk WHERE username IS NOT NULL ORDER BY username"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.view(now)).collect())
}

/// Inserts an account inside `tx` (no role check: [`create`] and first-run setup).
pub(crate) async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    input: &NewAccount,
    now: DateTime<Utc>,
) -> Result<String> {
    crate::limits::text("username", &input.username, crate::limits::SHORT)?;
    crate::limits::text("full_name", &input.full_name, crate::limits::NAME)?;
    let username = normalize_username(&input.username)?;
    let full_name = nfc(&input.full_name);
    if full_name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("full_name"),
            t!("setup.required", field = t!("field.clerk_name")),
        ));
    }
    let hash = hash_password(&input.password)?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM clerk WHERE username = ?")
        .bind(&username)
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(Error::invalid(
            "username_taken",
            Some("username"),
            t!("accounts.username_taken", username = username),
        ));
    }
    let id = Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO clerk (id, full_name, role, active, created_at, username, password_hash) VALUES (?, ?, ?, 1, ?, ?, ?)")
        .bind(&id)
        .bind(&full_name)
        .bind(input.role.as_str())
        .bind(clock::to_db(now))
        .bind(&username)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Tạo tài khoản (admin).
pub async fn create(
    db: &Db,
    by: &Session,
    input: &NewAccount,
    now: DateTime<Utc>,
) -> Result<AccountView> {
    by.require(Permission::ManageAccounts)?;
    let mut tx = store::write_tx(db).await?;
    let id = insert(&mut tx, input, now).await?;
    audit::append(
        &mut tx,
        by.actor(),
        "account.create",
        &input.username.trim().to_lowercase(),
        json!({ "clerk_id": id, "role": input.role.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    account(db, &id, now).await
}

/// Đặt lại mật khẩu of another account (admin); also clears a lockout.
pub async fn reset_password(
    db: &Db,
    by: &Session,
    clerk_id: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    by.require(Permission::ManageAccounts)?;
    let target = account(db, clerk_id, now).await?;
    let hash = hash_password(new_password)?;
    let mut tx = store::write_tx(db).await?;
    sqlx::query(
        "UPDATE clerk SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
    )
    .bind(&hash)
    .bind(clerk_id)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        by.actor(),
        "account.reset_password",
        &target.username,
        json!({ "clerk_id": clerk_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Đổi mật khẩu: the signed-in clerk's own, given the current one.
pub async fn change_own_password(
    db: &Db,
    s: &Session,
    old: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM clerk WHERE id = ?")
        .bind(s.clerk_id())
        .fetch_optional(db)
        .await?
        .flatten();
    if !hash.is_some_and(|h| verify_password(old, &h)) {
        return Err(Error::BadCredentials);
    }
    let new_hash = hash_password(new)?;
    let mut tx = store::write_tx(db).await?;
    sqlx::query("UPDATE clerk SET password_hash = ? WHERE id = ?")
        .bind(&new_hash)
        .bind(s.clerk_id())
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        s.actor(),
        "account.change_password",
        s.username(),
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Khóa / mở tài khoản (admin). Enabling also clears a lockout. An administrator cannot disable
/// their own account.
pub async fn set_active(
    db: &Db,
    by: &Session,
    clerk_id: &str,
    active: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    by.require(Permission::ManageAccounts)?;
    let target = account(db, clerk_id, now).await?;
    if !active && clerk_id == by.clerk_id() {
        return Err(Error::invalid(
            "cannot_disable_self",
            None,
            t!("accounts.cannot_disable_self"),
        ));
    }
    let mut tx = store::write_tx(db).await?;
    sqlx::query(
        "UPDATE clerk SET active = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
    )
    .bind(active)
    .bind(clerk_id)
    .execute(&mut *tx)
    .await?;
    let action = if active {
        "account.enable"
    } else {
        "account.disable"
    };
    audit::append(
        &mut tx,
        by.actor(),
        action,
        &target.username,
        json!({ "clerk_id": clerk_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account of `username` (no role check; the CLI resolves names with it).
pub async fn find(db: &Db, username: &str) -> Result<AccountView> {
    let name = username.trim().to_lowercase();
    let r: Option<AccountRecord> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM clerk WHERE username = ?"
    ))
    .bind(&name)
    .fetch_optional(db)
    .await?;
    r.map(|r| r.view(Utc::now()))
        .ok_or_else(|| Error::not_found("account_not_found", t!("accounts.not_found", id = name)))
}

/// The first password of an account that has none (a desk set up before accounts existed:
/// migration 0007 made its clerk `admin` without a password). Allowed without signing in only
/// while no active administrator has a password; otherwise an administrator resets it.
pub async fn set_first_password(
    db: &Db,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let name = username.trim().to_lowercase();
    let admins_with_password: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM clerk WHERE role = 'admin' AND active = 1 AND password_hash IS NOT NULL",
    )
    .fetch_one(db)
    .await?;
    let target: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT id, password_hash FROM clerk WHERE username = ?")
            .bind(&name)
            .fetch_optional(db)
            .await?;
    let Some((id, None)) = target else {
        return Err(Error::NotSignedIn);
    };
    if admins_with_password > 0 {
        return Err(Error::NotSignedIn);
    }
    let hash = hash_password(password)?;
    let mut tx = store::write_tx(db).await?;
    sqlx::query("UPDATE clerk SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ? AND password_hash IS NULL")
        .bind(&hash)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        Actor {
            clerk_id: Some(&id),
            name: &name,
        },
        "account.first_password",
        &name,
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Minutes without an action before the app locks itself (default 10).
pub async fn idle_lock_minutes(db: &Db) -> Result<u32> {
    Ok(store::setting(db, "idle_lock_minutes")
        .await?
        .and_then(|v| v.trim().parse().ok())
        .filter(|m| (1..=240).contains(m))
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
}

/// Sets the idle lock, 1 to 240 minutes (admin).
pub async fn set_idle_lock_minutes(
    db: &Db,
    by: &Session,
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<()> {
    by.require(Permission::UnitSettings)?;
    if !(1..=240).contains(&minutes) {
        return Err(Error::invalid(
            "invalid_idle_lock",
            Some("minutes"),
            t!("accounts.invalid_idle_lock", value = minutes),
        ));
    }
    let old = idle_lock_minutes(db).await?;
    let mut tx = store::write_tx(db).await?;
    sqlx::query("INSERT INTO setting (key, value) VALUES ('idle_lock_minutes', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(minutes.to_string())
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        by.actor(),
        "setting.idle_lock",
        "idle_lock_minutes",
        json!({ "from": old, "to": minutes }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The demo accounts besides the administrator: supervisor `giamsat` and clerk `mai` (Trần Thị
/// Mai), both with `password`.
pub async fn create_demo_accounts(
    db: &Db,
    admin: &Session,
    password: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for (username, full_name, role) in [
        ("giamsat", "Lê Văn Hùng", Role::Supervisor),
        ("mai", "Trần Thị Mai", Role::Clerk),
    ] {
        create(
            db,
            admin,
            &NewAccount {
                username: username.into(),
                full_name: full_name.into(),
                role,
                password: password.into(),
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// What [`Presence::check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// No one is signed in.
    SignedOut,
    /// Signed in and active; the activity time was moved to now.
    Active(Session),
    /// The idle time ran out just now: the session is locked from here on (audit the lock).
    JustLocked(Session),
    /// Locked (by the clerk or earlier by the idle time).
    Locked(Session),
}

/// The app's one session and the time of its last action: the idle lock. The app holds one in a
/// mutex and asks [`SessionSlot::check`] before every command.
#[derive(Debug, Default)]
pub struct SessionSlot {
    current: Option<(Session, Instant, bool)>,
}

impl SessionSlot {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new session (sign-in or unlock), active from `now`.
    pub fn start(&mut self, s: Session, now: Instant) {
        self.current = Some((s, now, false));
    }

    /// Ends the session; returns it (to audit the sign-out).
    pub fn end(&mut self) -> Option<Session> {
        self.current.take().map(|(s, _, _)| s)
    }

    /// Locks the session; returns it when it was not locked already.
    pub fn lock(&mut self) -> Option<Session> {
        match &mut self.current {
            Some((s, _, locked)) if !*locked => {
                *locked = true;
                Some(s.clone())
            }
            _ => None,
        }
    }

    /// The session, locked or not, without touching it.
    pub fn peek(&self) -> Option<(&Session, bool)> {
        self.current.as_ref().map(|(s, _, l)| (s, *l))
    }

    /// Locks the session when it has been idle longer than `idle`, without counting as activity
    /// (a status poll); returns it when it got locked just now.
    pub fn expire(&mut self, now: Instant, idle: Duration) -> Option<Session> {
        match &mut self.current {
            Some((s, last, locked)) if !*locked && now.saturating_duration_since(*last) >= idle => {
                *locked = true;
                Some(s.clone())
            }
            _ => None,
        }
    }

    /// Before a command: locks the session when it has been idle longer than `idle`, else
    /// records the activity.
    pub fn check(&mut self, now: Instant, idle: Duration) -> Presence {
        match &mut self.current {
            None => Presence::SignedOut,
            Some((s, _, true)) => Presence::Locked(s.clone()),
            Some((s, last, locked)) => {
                if now.saturating_duration_since(*last) >= idle {
                    *locked = true;
                    Presence::JustLocked(s.clone())
                } else {
                    *last = now;
                    Presence::Active(s.clone())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role) -> Session {
        Session {
            clerk_id: "c1".into(),
            username: "mai".into(),
            full_name: "Trần Thị Mai".into(),
            role,
        }
    }

    #[test]
    fn roles_nest() {
        let clerk = session(Role::Clerk);
        assert!(clerk.require(Permission::RecordIntake).is_ok());
        assert_eq!(
            clerk.require(Permission::DayReport).map_err(|e| e.code()),
            Err("forbidden")
        );
        assert!(!clerk.allows(Permission::FullIdentifiers));
        let sup = session(Role::Supervisor);
        assert!(sup.allows(Permission::ExportLedger) && !sup.allows(Permission::ManageAccounts));
        let admin = session(Role::Admin);
        assert!(admin.allows(Permission::VerifyAudit) && admin.allows(Permission::RecordIntake));
    }

    #[test]
    fn idle_time_locks_the_session() {
        let mut slot = SessionSlot::new();
        let t0 = Instant::now();
        let idle = Duration::from_millis(50);
        assert_eq!(slot.check(t0, idle), Presence::SignedOut);
        slot.start(session(Role::Clerk), t0);
        // Activity keeps it open: each check moves the last-activity time.
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(40), idle),
            Presence::Active(_)
        ));
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(80), idle),
            Presence::Active(_)
        ));
        // A status poll is no activity, and locks nothing before the time.
        assert!(slot.expire(t0 + Duration::from_millis(100), idle).is_none());
        assert_eq!(slot.peek().map(|(_, l)| l), Some(false));
        // Then 50 ms without a command.
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(130), idle),
            Presence::JustLocked(_)
        ));
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(131), idle),
            Presence::Locked(_)
        ));
        slot.start(session(Role::Clerk), t0 + Duration::from_millis(200));
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(210), idle),
            Presence::Active(_)
        ));
        assert!(slot.lock().is_some());
        assert!(slot.lock().is_none());
        assert!(matches!(
            slot.check(t0 + Duration::from_millis(211), idle),
            Presence::Locked(_)
        ));
        assert!(slot.end().is_some());
        assert_eq!(
            slot.check(t0 + Duration::from_millis(212), idle),
            Presence::SignedOut
        );
    }

    #[test]
    fn password_hash_is_argon2id_phc() {
        let h = hash_password("mật khẩu dài").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("mat khau dai", &h));
        assert_eq!(
            hash_password("short").map_err(|e| e.code()),
            Err("weak_password")
        );
    }
}
