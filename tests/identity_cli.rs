//! `motcua idcard parse` and `motcua validate ...` as a script uses them: no database needed,
//! exit 0 with the normalised value, exit 1 with a Vietnamese message.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const AN: &str =
    "001090012345|123456789|Nguyễn Văn An|17051990|Nam|Số 12 ngõ 34 phố Huế, Hà Nội|01072021";

/// Runs `motcua` with `MOTCUA_DB` pointing into `dir` (a path that must stay untouched).
fn motcua_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .env("MOTCUA_DB", dir.join("never").join("desk.sqlite"))
        .env_remove("MOTCUA_LANG")
        .output()
        .expect("run motcua")
}

fn motcua(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = motcua_in(dir.path(), args);
    assert!(
        !dir.path().join("never").exists(),
        "`motcua {}` opened the desk database",
        args.join(" ")
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON expected ({e}): {}", stdout(o)))
}

#[test]
fn idcard_parse_prints_the_card_as_json() {
    let o = motcua(&["idcard", "parse", &format!("{AN}\r\n"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let card = json(&o);
    assert_eq!(card["id_number"], "001090012345");
    assert_eq!(card["old_id_number"], "123456789");
    assert_eq!(card["full_name"], "Nguyễn Văn An");
    assert_eq!(card["birth_date"], "1990-05-17");
    assert_eq!(card["sex"], "male");
    assert_eq!(card["address"], "Số 12 ngõ 34 phố Huế, Hà Nội");
    assert_eq!(card["issue_date"], "2021-07-01");
}

#[test]
fn idcard_parse_prints_labelled_fields() {
    let o = motcua(&["idcard", "parse", AN]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Họ và tên: Nguyễn Văn An"), "{s}");
    assert!(s.contains("Ngày sinh: 17/05/1990"), "{s}");
    assert!(s.contains("Giới tính: Nam"), "{s}");
}

#[test]
fn idcard_parse_reads_stdin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["idcard", "parse", "-", "--json"])
        .env("MOTCUA_DB", dir.path().join("never").join("desk.sqlite"))
        .env_remove("MOTCUA_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn motcua");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{AN}\n").as_bytes())
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["full_name"], "Nguyễn Văn An");
    assert!(!dir.path().join("never").exists(), "opened the database");
}

#[test]
fn idcard_parse_lists_every_problem() {
    let bad = "003090012345|1234|Nguyễn Văn An|31021990|X|Hà Nội|01072021";
    let o = motcua(&["idcard", "parse", bad, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let problems = v["problems"].as_array().expect("problems array");
    let fields: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["id_number", "old_id_number", "birth_date", "sex"],
        "{v}"
    );
    assert!(problems.iter().all(|p| p["message"].is_string()));
    let err = stderr(&o);
    assert!(err.contains("mã tỉnh 003"), "{err}");
    assert!(err.contains("Giới tính \"X\" không hợp lệ"), "{err}");

    // Human mode: nothing on stdout, the messages on stderr, exit 1.
    let o = motcua(&["idcard", "parse", "not a QR string"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("Mã QR căn cước cần 7 trường"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_phone() {
    let o = motcua(&["validate", "phone", "+84 912 345 678"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "0912345678");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));

    let o = motcua(&["validate", "phone", "024 3812 3456"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).trim(), "02438123456");
    assert!(
        stderr(&o).contains("số điện thoại cố định"),
        "{}",
        stderr(&o)
    );

    let o = motcua(&["validate", "phone", "0112345678"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        // stderr may end up in logs: the number is shown masked there.
        stderr(&o).contains("Số điện thoại \"0112***678\" không hợp lệ"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_tax_code() {
    for (input, normalised) in [
        ("0100109106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("001090012345", "001090012345"),
    ] {
        let o = motcua(&["validate", "tax-code", input]);
        assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
        assert_eq!(stdout(&o).trim(), normalised);
    }
    let o = motcua(&["validate", "tax-code", "0100109107"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("sai chữ số kiểm tra"), "{}", stderr(&o));
    let o = motcua(&["validate", "tax-code", "0100109106-000", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["error"]["code"], "invalid_tax_code");
}

#[test]
fn validate_id_number() {
    let o = motcua(&["validate", "id-number", " 001 090 012345 ", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["value"], "001090012345");
    assert_eq!(v["kind"], "personal_id");
    assert_eq!(v["warnings"], serde_json::json!([]));

    let o = motcua(&["validate", "id-number", "123456789"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).trim(), "123456789");
    assert!(stderr(&o).contains("31/12/2024"), "{}", stderr(&o));

    let o = motcua(&[
        "validate",
        "id-number",
        "001090012345",
        "--birth-date",
        "1991-05-17",
        "--sex",
        "nu",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("năm sinh 1990") && err.contains("17/05/1991"),
        "{err}"
    );
    assert!(err.contains("[id_mismatch]"), "{err}");

    let o = motcua(&["validate", "id-number", "12345"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("gồm 5 chữ số"), "{}", stderr(&o));
}

#[test]
fn english_messages_on_request() {
    let o = motcua(&["validate", "tax-code", "0100109107", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("wrong check digit"), "{}", stderr(&o));
}
