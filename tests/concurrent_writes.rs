//! Two writers on one desk database, as in the app (the clerk saving while the background sync
//! writes) or with a second process (the CLI beside the app): every save succeeds, none is lost.

mod common;

use chrono::Utc;
use common::{demo_desk, intake_input};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn saves_from_two_connections_at_once_all_succeed() {
    let desk = demo_desk().await;
    // A second pool on the same file stands in for another process.
    let other = motcua::store::open(&desk.path).await.expect("second pool");
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = if i % 2 == 0 {
            desk.db.clone()
        } else {
            other.clone()
        };
        let s = desk.session.clone();
        tasks.push(tokio::spawn(async move {
            motcua::dossier::intake::save(&db, &s, &intake_input("2.000815", None), Utc::now())
                .await
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        match t.await.expect("task") {
            Ok(view) => codes.push(view.summary.code),
            Err(e) => panic!("a concurrent save failed: {} [{}]", e, e.code()),
        }
    }
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 40, "every save got its own code");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox")
        .fetch_one(&desk.db)
        .await
        .expect("count");
    assert_eq!(n, 40);
}
