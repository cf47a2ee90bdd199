//! Fuzz target: the portal's imports of a unit's catalogue and of a holiday year
//! (portal/src/reference.rs), on a temporary SQLite portal. Every input is tried as both.
//!
//! Properties: never panics; the portal accepts exactly what the desk's own parsers accept (so an
//! admin sees at once what a desk would refuse); a refusal is a typed 400 (`invalid_catalogue`,
//! `invalid_holidays`); an accepted document is queued in the feed unchanged, under the cursor
//! the import returned.

use motcua::calendar::YearSchedule;
use motcua_fuzz::{Mutation, class, generated, mutate, no_fixup, text};
use motcua_portal::{Db, Error, feed, reference, units};
use motcua_protocol::PullBody;
use proptest::prelude::*;

const TARGET: &str = "portal_reference";
const UNIT: &str = "000.00.31.H29";

mod common;

struct Portal {
    _dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    db: Db,
}

fn portal() -> Portal {
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).or_else(|_| tempfile::tempdir())
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let url = dir.path().join("portal.db").display().to_string();
    let db = rt.block_on(async {
        let db = motcua_portal::open(&url).await.expect("open portal db");
        units::add(
            &db,
            &units::NewUnit {
                code: UNIT.into(),
                name: "Trung tâm Phục vụ hành chính công xã Định Mỹ".into(),
                parent_authority: "UBND xã Định Mỹ".into(),
                place: "Định Mỹ".into(),
                hotline: "0296 3 123 456".into(),
                lookup_url: "https://cong.example.vn/tra-cuu".into(),
                desk_slots: 3,
            },
        )
        .await
        .expect("add unit");
        db
    });
    Portal { _dir: dir, rt, db }
}

fn invalid_code(e: &Error) -> &'static str {
    match e {
        Error::Invalid { code, .. } => code,
        other => panic!("untyped error: {other:?}"),
    }
}

async fn queued(db: &Db, cursor: i64) -> PullBody {
    let page = feed::pull(db, UNIT, cursor - 1, 1).await.expect("feed");
    let c = page.changes.into_iter().next().expect("nothing queued");
    assert_eq!(c.cursor, cursor, "queued under another cursor");
    c.body
}

async fn check(db: &Db, input: &str) -> String {
    let desk_catalogue = motcua::reference::catalogue::parse(input);
    let cat = match reference::import_catalogue(db, UNIT, input).await {
        Ok(done) => {
            let file = desk_catalogue.expect("the portal accepts a catalogue the desk refuses");
            assert_eq!(done.procedures, file.procedures.len());
            assert_eq!(done.version, file.version);
            match queued(db, done.cursor).await {
                PullBody::Catalogue { document } => assert_eq!(document, input),
                other => panic!("queued {other:?}"),
            }
            "catalogue:ok".to_string()
        }
        Err(e) => {
            assert!(
                desk_catalogue.is_err(),
                "the portal refuses a catalogue the desk accepts: {e}"
            );
            assert_eq!(invalid_code(&e), "invalid_catalogue");
            class("catalogue", &e.to_string())
        }
    };
    let desk_holidays = YearSchedule::from_json(input);
    let hol = match reference::import_holidays(db, input).await {
        Ok(done) => {
            let s = desk_holidays.expect("the portal accepts a holiday file the desk refuses");
            assert_eq!((done.year, done.entries), (s.year, s.entries.len()));
            match queued(db, done.cursor).await {
                PullBody::Holidays { year, document } => {
                    assert_eq!(year, s.year);
                    assert_eq!(document, input);
                }
                other => panic!("queued {other:?}"),
            }
            "holidays:ok".to_string()
        }
        Err(e) => {
            assert!(
                desk_holidays.is_err(),
                "the portal refuses a holiday file the desk accepts: {e}"
            );
            assert_eq!(invalid_code(&e), "invalid_holidays");
            class("holidays", &e.to_string())
        }
    };
    format!("{cat}/{hol}")
}

#[test]
fn mutate_reference_imports() {
    let p = portal();
    let mut tokens: Vec<&str> = common::CATALOGUE_TOKENS.to_vec();
    tokens.extend_from_slice(common::HOLIDAY_TOKENS);
    mutate(
        TARGET,
        Mutation {
            tokens: &tokens,
            json: true,
            max_len: 128 * 1024,
        },
        no_fixup,
        |b| p.rt.block_on(check(&p.db, &text(b))),
    );
}

#[test]
fn generated_reference_imports() {
    let p = portal();
    generated(
        TARGET,
        (common::catalogue_doc(), common::schedule()),
        |(c, _)| c.to_string().into_bytes(),
        |(c, s)| {
            let out = p.rt.block_on(async {
                let a = check(&p.db, &c.to_string()).await;
                let b = check(&p.db, &s.to_json()).await;
                format!("{a} {b}")
            });
            prop_assert!(
                out.starts_with("catalogue:ok/holidays:")
                    && out.contains(" catalogue:")
                    && out.ends_with("/holidays:ok"),
                "{}",
                out
            );
            Ok(())
        },
    );
}
