//! Desk releases (issue 11): publish checks the signature (with a key the test makes, passed in:
//! the built-in key's private half is not in the repository), one publication per version, the
//! newest non-withdrawn release is offered, and its package is served whole or from a Range, to
//! enrolled desks only. On SQLite and (with MOTCUA_PORTAL_TEST_PG) on PostgreSQL.

mod common;

use common::Env;
use motcua_portal::releases;
use motcua_protocol::release::ed25519_dalek::{Signer, SigningKey};
use motcua_protocol::release::{self, LatestRelease, RELEASE_LATEST_PATH};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

both_backends!(
    publish_checks_signature_format_and_version,
    the_newest_release_is_offered_and_served_with_ranges,
);

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

fn deb(content: &str) -> Vec<u8> {
    let mut b = b"!<arch>\n".to_vec();
    b.extend_from_slice(content.repeat(1000).as_bytes());
    b
}

fn sign(sk: &SigningKey, bytes: &[u8], platform: &str, version: &str) -> String {
    let sha = release::to_hex(&Sha256::digest(bytes));
    release::to_hex(
        &sk.sign(&release::statement(platform, version, &sha))
            .to_bytes(),
    )
}

async fn publish(
    env: &Env,
    dir: &std::path::Path,
    bytes: &[u8],
    version: &str,
    sig: &str,
) -> motcua_portal::Result<releases::Release> {
    let file = dir.join(format!("in-{version}-{}.deb", sig.len()));
    std::fs::write(&file, bytes).unwrap();
    releases::publish(
        &env.db,
        &dir.join("releases"),
        &file,
        version,
        "linux-deb",
        sig,
        &key().verifying_key(),
    )
    .await
}

async fn publish_checks_signature_format_and_version(env: Env) {
    let dir = tempfile::tempdir().unwrap();
    let bytes = deb("gói 1.0.0 ");
    // Signed with another key.
    let other = SigningKey::from_bytes(&[7u8; 32]);
    let e = publish(
        &env,
        dir.path(),
        &bytes,
        "1.0.0",
        &sign(&other, &bytes, "linux-deb", "1.0.0"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "bad_signature", "{e}");
    assert!(e.to_string().contains("chữ ký không khớp"), "{e}");
    // Signed for another version, or another platform.
    for sig in [
        sign(&key(), &bytes, "linux-deb", "1.0.1"),
        sign(&key(), &bytes, "windows-nsis", "1.0.0"),
    ] {
        assert!(
            publish(&env, dir.path(), &bytes, "1.0.0", &sig)
                .await
                .is_err()
        );
    }
    // Not a .deb at all.
    let exe = b"MZ\x90\x00 not a deb".to_vec();
    let e = publish(
        &env,
        dir.path(),
        &exe,
        "1.0.0",
        &sign(&key(), &exe, "linux-deb", "1.0.0"),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("không phải gói .deb"), "{e}");
    // Nothing of the refused ones was stored.
    assert!(releases::list(&env.db).await.unwrap().is_empty());
    assert!(
        !dir.path().join("releases").exists()
            || std::fs::read_dir(dir.path().join("releases"))
                .unwrap()
                .count()
                == 0
    );

    let ok = publish(
        &env,
        dir.path(),
        &bytes,
        "1.0.0",
        &sign(&key(), &bytes, "linux-deb", "1.0.0"),
    )
    .await
    .unwrap();
    assert_eq!(ok.info.size, bytes.len() as u64);
    assert_eq!(std::fs::read(&ok.file_path).unwrap(), bytes);
    // A version is published once.
    let again = publish(
        &env,
        dir.path(),
        &bytes,
        "1.0.0",
        &sign(&key(), &bytes, "linux-deb", "1.0.0"),
    )
    .await
    .unwrap_err();
    assert!(again.to_string().contains("đã được phát hành"), "{again}");
    // Bad versions.
    for v in ["1.0", "v1.0.0", "1.0.0-rc1"] {
        assert!(
            publish(
                &env,
                dir.path(),
                &bytes,
                v,
                &sign(&key(), &bytes, "linux-deb", v)
            )
            .await
            .is_err(),
            "{v}"
        );
    }
}

async fn the_newest_release_is_offered_and_served_with_ranges(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let dir = tempfile::tempdir().unwrap();
    let latest = |platform: &'static str| {
        let rb = env
            .get(&format!("{RELEASE_LATEST_PATH}?platform={platform}"))
            .bearer_auth(&desk.token);
        async move {
            rb.send()
                .await
                .unwrap()
                .json::<LatestRelease>()
                .await
                .unwrap()
        }
    };
    assert_eq!(latest("linux-deb").await.release, None);
    let mut published = Vec::new();
    for v in ["0.9.0", "0.10.0", "0.2.0"] {
        let bytes = deb(&format!("gói {v} "));
        let r = publish(
            &env,
            dir.path(),
            &bytes,
            v,
            &sign(&key(), &bytes, "linux-deb", v),
        )
        .await
        .unwrap();
        published.push((r, bytes));
    }
    // Numerically newest, not by text or by publication order.
    let offered = latest("linux-deb").await.release.unwrap();
    assert_eq!(offered.version, "0.10.0");
    assert_eq!(latest("windows-nsis").await.release, None);
    // Unknown platform: a clear 400.
    let res = env
        .get(&format!("{RELEASE_LATEST_PATH}?platform=macos"))
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let (_, bytes) = &published[1];
    let path = release::file_path("linux-deb", "0.10.0");
    let whole = env
        .get(&path)
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(
        whole.headers()["etag"].to_str().unwrap(),
        format!("\"{}\"", offered.sha256)
    );
    assert_eq!(whole.bytes().await.unwrap().as_ref(), bytes.as_slice());
    // Resuming from the middle.
    let from = bytes.len() / 3;
    let part = env
        .get(&path)
        .bearer_auth(&desk.token)
        .header("range", format!("bytes={from}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"].to_str().unwrap(),
        format!("bytes {from}-{}/{}", bytes.len() - 1, bytes.len())
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[from..]);
    let past = env
        .get(&path)
        .bearer_auth(&desk.token)
        .header("range", format!("bytes={}-", bytes.len()))
        .send()
        .await
        .unwrap();
    assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    // Only for enrolled desks.
    let anonymous = env.get(&path).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Withdrawn: no longer offered nor served; the next newest is offered.
    releases::withdraw(&env.db, "0.10.0", "linux-deb")
        .await
        .unwrap();
    assert_eq!(latest("linux-deb").await.release.unwrap().version, "0.9.0");
    let gone = env
        .get(&path)
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert!(
        releases::withdraw(&env.db, "0.10.0", "linux-deb")
            .await
            .is_err()
    );
    let listed = releases::list(&env.db).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(
        listed
            .iter()
            .any(|r| r.info.version == "0.10.0" && r.withdrawn_at.is_some())
    );
}
