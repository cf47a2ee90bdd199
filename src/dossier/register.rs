//! Sổ đăng ký / tra cứu hồ sơ: every dossier of the desk, searched by code, name (without
//! diacritics too: "dang" finds "Đặng"), ID number or phone, narrowed by filters (received today,
//! due soon, overdue, waiting for a supplement, result ready, handed out), sorted and paged.
//!
//! How a search runs (migration 0005):
//! - names go through the FTS5 index `dossier_fts` over the folded copy `dossier.search_folded`
//!   (every query word is a word prefix: "ng va an" finds "Nguyễn Văn An");
//! - codes, ID numbers (the submitter's and the owner's) and phones are B-tree prefix ranges;
//!   "260205-0012" is also tried as `<unit code>-260205-0012`;
//! - when all of those match at most [`RANK_LIMIT`] dossiers the answer is **ranked**: exact
//!   matches first (the code, ID number or phone itself, or the full name as typed), then names
//!   containing the words as typed (with their diacritics: "Đặng" before "Đăng" and "Dang"), then
//!   the rest, each group in the chosen order;
//! - a broader query ("nguyen") is listed in the chosen order only (`ranked: false`), by walking
//!   the order's index and testing each row, so a common name never costs a sort of half the
//!   register; the clerk narrows it by typing more.
//!
//! Counts are exact up to [`COUNT_LIMIT`]; beyond it `total_exact` is false and `total` is a lower
//! bound.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_i18n::t;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::dto::DossierSummary;
use crate::search_text::fold;
use crate::store::Db;
use crate::{Error, Result, clock, reference::holidays};

/// A query matching more dossiers than this is listed unranked (see the module documentation).
pub const RANK_LIMIT: i64 = 2_000;
/// Counts stop here (`total_exact` false beyond).
pub const COUNT_LIMIT: i64 = 10_000;
/// The largest page.
pub const MAX_PAGE: u32 = 500;

/// A filter of the register. Several filters all apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub enum Filter {
    /// Received today (Vietnam date).
    Today,
    /// Still being processed (received / in processing) and due from now to the end of the next
    /// working day (sắp đến hạn).
    DueSoon,
    /// Still being processed and past its due time (quá hạn).
    Overdue,
    /// Waiting for the citizen's supplement (chờ bổ sung).
    Supplement,
    /// The result is ready to hand out (có kết quả, chờ trả).
    ResultReady,
    /// The result was handed out (đã trả kết quả).
    HandedOut,
}

impl Filter {
    pub const ALL: [Filter; 6] = [
        Filter::Today,
        Filter::DueSoon,
        Filter::Overdue,
        Filter::Supplement,
        Filter::ResultReady,
        Filter::HandedOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Filter::Today => "today",
            Filter::DueSoon => "due-soon",
            Filter::Overdue => "overdue",
            Filter::Supplement => "supplement",
            Filter::ResultReady => "result-ready",
            Filter::HandedOut => "handed-out",
        }
    }

    /// Parses a filter name (kebab-case, as [`Filter::as_str`]).
    pub fn parse(s: &str) -> Result<Filter> {
        let s = s.trim();
        Filter::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "unknown_filter",
                    Some("filter"),
                    t!("register.unknown_filter", value = s),
                )
            })
    }
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub enum Sort {
    /// Newest first (the default).
    #[default]
    #[serde(rename = "received")]
    ReceivedDesc,
    /// Earliest due time first; dossiers without an appointment last.
    #[serde(rename = "due")]
    DueAsc,
    #[serde(rename = "code")]
    /// By dossier code.
    Code,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::ReceivedDesc => "received",
            Sort::DueAsc => "due",
            Sort::Code => "code",
        }
    }

    pub fn parse(s: &str) -> Result<Sort> {
        match s.trim() {
            "" | "received" => Ok(Sort::ReceivedDesc),
            "due" => Ok(Sort::DueAsc),
            "code" => Ok(Sort::Code),
            other => Err(Error::invalid(
                "unknown_sort",
                Some("sort"),
                t!("register.unknown_sort", value = other),
            )),
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::ReceivedDesc => "d.received_at DESC, d.code DESC",
            Sort::DueAsc => "d.due_at IS NULL, d.due_at, d.code",
            Sort::Code => "d.code",
        }
    }
}

/// What the register screen (and `motcua dossiers search`) asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct RegisterQuery {
    /// Code, name (with or without diacritics), ID number or phone; empty = every dossier.
    #[serde(default)]
    pub query: String,
    /// All must hold (a filter given twice counts once).
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub sort: Sort,
    #[serde(default)]
    pub offset: u32,
    /// Page size, 1-500 (0 = 50).
    #[serde(default)]
    pub limit: u32,
}

/// One page of the register.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct RegisterPage {
    pub rows: Vec<DossierSummary>,
    /// How many dossiers match; a lower bound when `total_exact` is false.
    pub total: u32,
    pub total_exact: bool,
    /// Another page follows.
    pub has_more: bool,
    /// Exact matches were put first (false for a query too broad to rank: type more).
    pub ranked: bool,
    pub offset: u32,
    pub limit: u32,
}

/// A bound SQL value.
#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    Int(i64),
}

/// A piece of SQL with its values, in order.
#[derive(Debug, Clone, Default)]
struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }
    fn text(&mut self, v: impl Into<String>) -> &mut Self {
        self.binds.push(Bind::Text(v.into()));
        self
    }
    fn int(&mut self, v: i64) -> &mut Self {
        self.binds.push(Bind::Int(v));
        self
    }
    fn append(&mut self, other: &Sql) -> &mut Self {
        self.text.push_str(&other.text);
        self.binds.extend(other.binds.iter().cloned());
        self
    }
}

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

async fn scalar(db: &Db, sql: &Sql) -> Result<i64> {
    let q = bind_all(sqlx::query_as::<_, (i64,)>(&sql.text), &sql.binds);
    Ok(q.fetch_one(db).await?.0)
}

/// The upper bound of a prefix range: every string starting with `prefix` sorts below it
/// (U+10FFFF is the largest code point, so its UTF-8 bytes sort after any continuation).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A prefix range on an indexed column.
#[derive(Debug, Clone)]
struct Range {
    column: &'static str,
    prefix: String,
    /// Fewer characters than this match by equality only ("0" would match half the register).
    exact_only: bool,
}

impl Range {
    fn predicate(&self, alias: &str) -> Sql {
        let mut s = Sql::default();
        if self.exact_only {
            s.push(&format!("{alias}{} = ?", self.column))
                .text(&self.prefix);
        } else {
            s.push(&format!(
                "({alias}{col} >= ? AND {alias}{col} < ?)",
                col = self.column
            ))
            .text(&self.prefix)
            .text(prefix_end(&self.prefix));
        }
        s
    }
}

/// The query taken apart.
#[derive(Debug, Clone, Default)]
struct Parsed {
    /// Identifier ranges (code, ID numbers, phone).
    ranges: Vec<Range>,
    /// Folded words for the name index.
    words: Vec<String>,
    /// The words as typed (NFC), for the "as typed" rank.
    typed: Vec<String>,
    /// The whole name as typed (NFC, single spaces).
    typed_name: String,
    /// Identifier equalities that rank first.
    compact: String,
    phone: Option<String>,
}

/// Normalises a phone-like query: digits only, `+84…`/`84…` (11+ digits) → `0…`. `None` when the
/// query holds anything but digits, spaces, dots, dashes, parentheses and a leading `+`.
fn phone_digits(q: &str) -> Option<String> {
    let t = q.trim();
    let body = t.strip_prefix('+').unwrap_or(t);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let phone = match digits.strip_prefix("84") {
        Some(rest) if t.starts_with('+') || digits.len() >= 11 => format!("0{rest}"),
        _ => digits,
    };
    Some(phone)
}

/// Title case of one word: "đặng" → "Đặng".
fn title(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The spellings of a typed word that count as "as typed": itself, lower, Title and UPPER case.
fn variants(w: &str) -> Vec<String> {
    let mut v = vec![w.to_string(), w.to_lowercase(), title(w), w.to_uppercase()];
    v.dedup();
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

fn parse_query(raw: &str, unit_code: &str) -> Parsed {
    let nfc: String = raw.trim().nfc().collect();
    if nfc.is_empty() {
        return Parsed::default();
    }
    let compact: String = nfc
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let mut p = Parsed {
        compact: compact.clone(),
        ..Parsed::default()
    };
    let phone = phone_digits(&nfc);
    let digits_only = phone.is_some();
    // Codes: a prefix of the whole code, or of the part after the unit code.
    if compact.chars().count() >= 2 {
        p.ranges.push(Range {
            column: "code",
            prefix: compact.clone(),
            exact_only: false,
        });
        let tail = compact.as_bytes();
        if tail.len() >= 6 && tail[..6].iter().all(u8::is_ascii_digit) && !unit_code.is_empty() {
            p.ranges.push(Range {
                column: "code",
                prefix: format!("{unit_code}-{compact}"),
                exact_only: false,
            });
        }
    }
    // ID numbers (CCCD, legacy CMND, passport, tax code), the submitter's and the owner's.
    let short = compact.chars().count() < 4;
    if compact.chars().any(|c| c.is_ascii_digit()) {
        for column in ["id_number", "owner_id_number"] {
            p.ranges.push(Range {
                column,
                prefix: compact.clone(),
                exact_only: short,
            });
        }
    }
    if let Some(ph) = phone.filter(|ph| !ph.is_empty()) {
        p.ranges.push(Range {
            column: "phone",
            prefix: ph.clone(),
            exact_only: ph.len() < 4,
        });
        p.phone = Some(ph);
    }
    if !digits_only {
        p.words = fold(&nfc)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        p.typed = nfc
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(str::to_string)
            .collect();
        p.typed_name = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    p
}

/// FTS5 query: every folded word as a quoted prefix ("nguyen"* "van"*), all required.
fn fts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// LIKE pattern of a word prefix inside the folded text, `\` escaping.
fn like_word(w: &str) -> String {
    let esc: String = w
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("% {esc}%")
}

/// The Vietnam-midnight instant starting `day`.
fn start_of(day: NaiveDate) -> Result<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(clock::vietnam()).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Error::invalid("invalid_date", None, day.to_string()))
}

/// The first working day after `day` on the desk's calendar (weekends, holidays, làm bù).
pub async fn next_working_day(db: &Db, day: NaiveDate) -> Result<NaiveDate> {
    let cal = holidays::load(db).await?;
    let mut d = day;
    for _ in 0..60 {
        d = d
            .succ_opt()
            .ok_or_else(|| Error::invalid("invalid_date", None, day.to_string()))?;
        if cal.is_working_day(d) {
            return Ok(d);
        }
    }
    Err(Error::invalid("invalid_date", None, day.to_string()))
}

/// Statuses whose clock runs: received and in processing.
pub const OPEN_STATUSES: &str = "('received', 'in-processing')";

async fn filter_sql(db: &Db, filters: &[Filter], now: DateTime<Utc>) -> Result<Sql> {
    let mut s = Sql::default();
    let today = clock::local(now).date();
    for f in filters {
        match f {
            Filter::Today => {
                let start = start_of(today)?;
                s.push(" AND d.received_at >= ? AND d.received_at < ?")
                    .text(clock::to_db(start))
                    .text(clock::to_db(start + Duration::days(1)));
            }
            Filter::DueSoon => {
                let next = next_working_day(db, today).await?;
                let end = start_of(next + Duration::days(1))?;
                s.push(&format!(
                    " AND d.status IN {OPEN_STATUSES} AND d.due_at >= ? AND d.due_at < ?"
                ))
                .text(clock::to_db(now))
                .text(clock::to_db(end));
            }
            Filter::Overdue => {
                s.push(&format!(
                    " AND d.status IN {OPEN_STATUSES} AND d.due_at < ?"
                ))
                .text(clock::to_db(now));
            }
            Filter::Supplement => {
                s.push(" AND d.status = 'supplement-requested'");
            }
            Filter::ResultReady => {
                s.push(" AND d.status = 'result-ready'");
            }
            Filter::HandedOut => {
                s.push(" AND d.status = 'handed-out'");
            }
        }
    }
    Ok(s)
}

use crate::dossier::{SUMMARY_COLUMNS_D as COLUMNS, SummaryRow as Row};

/// The rank of a row: 0 exact identifier or full name as typed, 1 every word as typed, 2 the rest.
fn rank_sql(p: &Parsed) -> Sql {
    let mut s = Sql::default();
    s.push("CASE WHEN d.code = ? OR d.id_number = ? OR d.owner_id_number = ?")
        .text(&p.compact)
        .text(&p.compact)
        .text(&p.compact);
    if let Some(ph) = &p.phone {
        s.push(" OR d.phone = ?").text(ph);
    }
    if !p.typed_name.is_empty() {
        let whole = variants(&p.typed_name);
        let titled = p
            .typed_name
            .split(' ')
            .map(title)
            .collect::<Vec<_>>()
            .join(" ");
        for v in whole.iter().chain(std::iter::once(&titled)) {
            s.push(" OR d.submitter_name = ?").text(v);
        }
    }
    s.push(" THEN 0");
    if !p.typed.is_empty() {
        s.push(" WHEN ");
        for (i, w) in p.typed.iter().enumerate() {
            if i > 0 {
                s.push(" AND ");
            }
            s.push("(");
            for (j, v) in variants(w).iter().enumerate() {
                if j > 0 {
                    s.push(" OR ");
                }
                s.push("instr(' ' || d.submitter_name, ?) > 0")
                    .text(format!(" {v}"));
            }
            s.push(")");
        }
        s.push(" THEN 1");
    }
    s.push(" ELSE 2 END");
    s
}

/// The rowids matching the query, from the name index and the identifier ranges, stopping as soon
/// as there are more than [`RANK_LIMIT`] (`None` then: too broad to rank).
async fn candidates(db: &Db, p: &Parsed) -> Result<Option<Vec<i64>>> {
    let mut set = std::collections::BTreeSet::new();
    if !p.words.is_empty() {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? LIMIT ?")
                .bind(fts_query(&p.words))
                .bind(RANK_LIMIT + 1)
                .fetch_all(db)
                .await?;
        set.extend(ids);
    }
    for r in &p.ranges {
        if set.len() as i64 > RANK_LIMIT {
            break;
        }
        let mut s = Sql::default();
        s.push("SELECT rowid FROM dossier d WHERE ")
            .append(&r.predicate("d."))
            .push(" LIMIT ?")
            .int(RANK_LIMIT + 1);
        let q = bind_all(sqlx::query_as::<_, (i64,)>(&s.text), &s.binds);
        set.extend(q.fetch_all(db).await?.into_iter().map(|(id,)| id));
    }
    if set.len() as i64 > RANK_LIMIT {
        return Ok(None);
    }
    Ok(Some(set.into_iter().collect()))
}

/// The per-row test of the unranked walk: the name words on the folded text, or an identifier.
fn row_match_sql(p: &Parsed) -> Sql {
    let mut s = Sql::default();
    s.push("(");
    let mut first = true;
    if !p.words.is_empty() {
        s.push("(");
        for (i, w) in p.words.iter().enumerate() {
            if i > 0 {
                s.push(" AND ");
            }
            s.push("(' ' || d.search_folded) LIKE ? ESCAPE '\\'")
                .text(like_word(w));
        }
        s.push(")");
        first = false;
    }
    for r in &p.ranges {
        if !first {
            s.push(" OR ");
        }
        first = false;
        s.append(&r.predicate("d."));
    }
    s.push(")");
    s
}

/// Parses the CLI's strings (comma lists allowed) into filters and a sort.
pub fn parse_options(filters: &[String], sort: &str) -> Result<(Vec<Filter>, Sort)> {
    crate::limits::text("sort", sort, crate::limits::SHORT)?;
    let mut out = Vec::new();
    for f in filters {
        crate::limits::text("filter", f, crate::limits::SHORT)?;
        for part in f.split(',').map(str::trim).filter(|x| !x.is_empty()) {
            let f = Filter::parse(part)?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok((out, Sort::parse(sort)?))
}

/// Kết quả chờ trả: how many results wait to be handed out (the header's "Chờ trả" count, which
/// the app polls). Needs [`Permission::SearchRegister`] like the register itself.
///
/// [`Permission::SearchRegister`]: crate::accounts::Permission::SearchRegister
pub async fn result_ready_count(
    db: &Db,
    s: &crate::accounts::Session,
    now: DateTime<Utc>,
) -> Result<u32> {
    let q = RegisterQuery {
        filters: vec![Filter::ResultReady],
        limit: 1,
        ..RegisterQuery::default()
    };
    Ok(search(db, s, &q, now).await?.total)
}

/// Searches the register (see the module documentation).
/// Needs [`Permission::SearchRegister`].
pub async fn search(
    db: &Db,
    s: &crate::accounts::Session,
    q: &RegisterQuery,
    now: DateTime<Utc>,
) -> Result<RegisterPage> {
    s.require(crate::accounts::Permission::SearchRegister)?;
    crate::limits::text("query", &q.query, crate::limits::QUERY)?;
    let mut filters: Vec<Filter> = Vec::with_capacity(q.filters.len());
    for f in &q.filters {
        if !filters.contains(f) {
            filters.push(*f);
        }
    }
    let sort = q.sort;
    let limit = match q.limit {
        0 => 50,
        n => n.min(MAX_PAGE),
    };
    let unit_code: String = sqlx::query_scalar("SELECT code FROM unit WHERE id = 1")
        .fetch_optional(db)
        .await?
        .unwrap_or_default();
    let p = parse_query(&q.query, &unit_code);
    let filter = filter_sql(db, &filters, now).await?;
    let order = sort.order_by();
    let offset = i64::from(q.offset);
    let page_len = i64::from(limit) + 1;

    let has_query = !p.words.is_empty() || !p.ranges.is_empty();
    let ranked_set = if has_query {
        candidates(db, &p).await?
    } else {
        None
    };
    let ranked = ranked_set.is_some();

    let (rows, total, total_exact) = if let Some(set) = ranked_set {
        // The candidates are evaluated once: their rowids go back as one JSON array.
        let ids = format!(
            "[{}]",
            set.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let mut sel = Sql::default();
        sel.push(&format!(
            "SELECT {COLUMNS} FROM dossier d WHERE d.rowid IN (SELECT value FROM json_each(?))"
        ))
        .text(&ids)
        .append(&filter)
        .push(" ORDER BY ")
        .append(&rank_sql(&p))
        .push(&format!(", {order} LIMIT ? OFFSET ?"))
        .int(page_len)
        .int(offset);
        let rows = bind_all(sqlx::query_as::<_, Row>(&sel.text), &sel.binds)
            .fetch_all(db)
            .await?;
        let total = if filter.text.is_empty() {
            set.len() as i64
        } else {
            let mut cnt = Sql::default();
            cnt.push(
                "SELECT count(*) FROM dossier d WHERE d.rowid IN (SELECT value FROM json_each(?))",
            )
            .text(&ids)
            .append(&filter);
            scalar(db, &cnt).await?
        };
        (rows, total, true)
    } else {
        let mut wher = Sql::default();
        wher.push(" WHERE 1 = 1");
        if has_query {
            wher.push(" AND ").append(&row_match_sql(&p));
        }
        wher.append(&filter);
        let mut sel = Sql::default();
        sel.push(&format!("SELECT {COLUMNS} FROM dossier d"))
            .append(&wher)
            .push(&format!(" ORDER BY {order} LIMIT ? OFFSET ?"))
            .int(page_len)
            .int(offset);
        let rows = bind_all(sqlx::query_as::<_, Row>(&sel.text), &sel.binds)
            .fetch_all(db)
            .await?;
        if has_query {
            // Too broad to count cheaply: what is known is what was seen.
            let seen = offset + rows.len() as i64;
            (rows, seen, false)
        } else {
            let mut cnt = Sql::default();
            cnt.push("SELECT count(*) FROM (SELECT 1 FROM dossier d")
                .append(&wher)
                .push(" LIMIT ?)")
                .int(COUNT_LIMIT + 1);
            let n = scalar(db, &cnt).await?;
            (rows, n.min(COUNT_LIMIT), n <= COUNT_LIMIT)
        }
    };
    let has_more = rows.len() as i64 > i64::from(limit);
    let rows: Vec<DossierSummary> = rows
        .into_iter()
        .take(limit as usize)
        .map(Row::into_dto)
        .collect::<Result<_>>()?;
    Ok(RegisterPage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        total_exact,
        has_more,
        ranked,
        offset: q.offset,
        limit,
        rows,
    })
}

/// Rebuilds the name index from `dossier` (after a VACUUM, which may renumber rowids).
pub async fn rebuild_index(db: &Db) -> Result<()> {
    sqlx::query("INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')")
        .execute(db)
        .await?;
    Ok(())
}

/// Checks the name index against `dossier` (FTS5 integrity-check); an error when they differ.
pub async fn check_index(db: &Db) -> Result<()> {
    sqlx::query("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)")
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_queries_normalise() {
        assert_eq!(phone_digits("+84 987 654").as_deref(), Some("0987654"));
        assert_eq!(phone_digits("0912 345 678").as_deref(), Some("0912345678"));
        assert_eq!(phone_digits("84912345678").as_deref(), Some("0912345678"));
        assert_eq!(phone_digits("dang"), None);
        assert_eq!(phone_digits("H29-2602"), None);
    }

    #[test]
    fn query_parts() {
        let p = parse_query("Đặng  văn", "000.00.31.H29");
        assert_eq!(p.words, vec!["dang", "van"]);
        assert_eq!(p.typed, vec!["Đặng", "văn"]);
        assert_eq!(fts_query(&p.words), "\"dang\"* \"van\"*");
        assert!(p.phone.is_none());
        let p = parse_query("260205-0012", "000.00.31.H29");
        assert!(
            p.ranges
                .iter()
                .any(|r| r.column == "code" && r.prefix == "000.00.31.H29-260205-0012")
        );
        let p = parse_query("07", "U");
        assert!(p.ranges.iter().any(|r| r.column == "phone" && r.exact_only));
        assert_eq!(variants("đặng"), vec!["đặng", "Đặng", "ĐẶNG"]);
        assert_eq!(like_word("a_%"), "% a\\_\\%%");
    }

    #[test]
    fn filters_and_sorts_parse() {
        let (f, s) = parse_options(&["today,overdue".into(), "today".into()], "due").unwrap();
        assert_eq!(f, vec![Filter::Today, Filter::Overdue]);
        assert_eq!(s, Sort::DueAsc);
        assert!(parse_options(&["late".into()], "").is_err());
        assert!(parse_options(&[], "name").is_err());
        for f in Filter::ALL {
            assert_eq!(Filter::parse(f.as_str()).unwrap(), f);
        }
    }
}
