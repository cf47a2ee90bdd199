//! A stand-in national portal on 127.0.0.1: it checks every request against the field table
//! (`tests/fixtures/national/field-table.json`) and answers as the national portal does:
//! success, "đã tồn tại" for a create of a dossier it has, an error for chosen codes, HTTP 500
//! or a timeout for the next N requests, or no answer at all (to kill the portal mid-batch).
//!
//! What it holds "in effect": dossiers by MaHoSo (create adds, update replaces) and progress
//! entries by (MaHoSo, ThoiDiemXuLy, TrangThai, NoiDungXuLy), so a batch sent twice shows in
//! `raw_steps` but not in `steps`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub const TOKEN: &str = "phien-thu-nghiem-bi-mat-7c1e";

pub fn field_table() -> Value {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/national/field-table.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("field table"))
        .expect("field table JSON")
}

/// Every problem of `v` as an entry of table `kind` (missing or extra fields, non-strings,
/// empty required values, bad dates and codes), with `path` in front.
pub fn check(table: &Value, kind: &str, v: &Value, path: &str, out: &mut Vec<String>) {
    let Some(spec) = table.get(kind).and_then(Value::as_object) else {
        out.push(format!("{path}: no table {kind}"));
        return;
    };
    let Some(obj) = v.as_object() else {
        out.push(format!("{path}: not an object"));
        return;
    };
    for k in obj.keys() {
        if !spec.contains_key(k) {
            out.push(format!("{path}.{k}: not in the field table"));
        }
    }
    for (k, f) in spec {
        let p = format!("{path}.{k}");
        let Some(x) = obj.get(k) else {
            if kind != "Wrapper" || k != "isUpdating" {
                out.push(format!("{p}: missing"));
            }
            continue;
        };
        let ty = f["type"].as_str().unwrap_or("");
        if ty == "list" {
            let Some(items) = x.as_array() else {
                out.push(format!("{p}: not a list"));
                continue;
            };
            let item = f["item"].as_str().unwrap_or("");
            if !item.contains('|') {
                for (i, it) in items.iter().enumerate() {
                    check(table, item, it, &format!("{p}[{i}]"), out);
                }
            }
            continue;
        }
        let Some(s) = x.as_str() else {
            out.push(format!("{p}: not a string ({x})"));
            continue;
        };
        if f["required"] == true && s.is_empty() {
            out.push(format!("{p}: required, empty"));
        }
        match ty {
            "date"
                if !s.is_empty() && (s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit())) =>
            {
                out.push(format!("{p}: not yyyyMMddHHmmss: {s}"))
            }
            "digits" if !s.bytes().all(|b| b.is_ascii_digit()) || s.is_empty() => {
                out.push(format!("{p}: not digits: {s}"))
            }
            "code" => {
                let ok = f["values"]
                    .as_array()
                    .is_some_and(|vals| vals.iter().any(|a| a == s));
                if !ok {
                    out.push(format!("{p}: code {s} not in {}", f["values"]));
                }
            }
            _ => {}
        }
    }
}

pub type StepKey = (String, String, String, String);

#[derive(Default)]
pub struct Inner {
    pub table: Value,
    /// In effect.
    pub dossiers: BTreeMap<String, Value>,
    pub steps: BTreeMap<StepKey, Value>,
    /// As received: (service, isUpdating, MaHoSo list).
    pub requests: Vec<(String, String, Vec<String>)>,
    pub raw_steps: Vec<StepKey>,
    pub violations: Vec<String>,
    /// MaHoSo → (error_code, message) answered to its DongBoHoSoMC.
    pub refuse: HashMap<String, (String, String)>,
    /// The next N requests get HTTP 500.
    pub server_errors: u32,
    /// The next N requests wait this long before answering.
    pub slow: u32,
    pub slow_for: Duration,
    /// After this many requests (counting from 1), record the request and never answer.
    pub hang_after: Option<usize>,
}

#[derive(Clone)]
pub struct StandIn {
    pub inner: Arc<Mutex<Inner>>,
    pub url: String,
    pub hung: Arc<tokio::sync::Notify>,
}

fn key(v: &Value) -> StepKey {
    let f = |k: &str| v[k].as_str().unwrap_or("").to_string();
    (
        f("MaHoSo"),
        f("ThoiDiemXuLy"),
        f("TrangThai"),
        f("NoiDungXuLy"),
    )
}

async fn handle(State(s): State<StandIn>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (answer, wait, hang) = {
        let mut g = s.inner.lock().unwrap();
        let table = g.table.clone();
        let mut problems = Vec::new();
        check(&table, "Wrapper", &body, "request", &mut problems);
        if body["session"] != TOKEN {
            problems.push("request.session: wrong token".into());
        }
        let service = body["service"].as_str().unwrap_or("").to_string();
        let updating = body["isUpdating"].as_str().unwrap_or("").to_string();
        let data = body["data"].as_array().cloned().unwrap_or_default();
        let item = if service == "DongBoHoSoMC" {
            "HoSo"
        } else {
            "QuaTrinhXuLy"
        };
        if service == "DongBoHoSoMC" && updating.is_empty() {
            problems.push("request.isUpdating: missing".into());
        }
        for (i, d) in data.iter().enumerate() {
            check(&table, item, d, &format!("data[{i}]"), &mut problems);
        }
        let codes: Vec<String> = data
            .iter()
            .map(|d| d["MaHoSo"].as_str().unwrap_or("").to_string())
            .collect();
        g.requests
            .push((service.clone(), updating.clone(), codes.clone()));
        let n = g.requests.len();
        let failing = g.server_errors > 0;
        if failing {
            g.server_errors -= 1;
        }
        let wait = if g.slow > 0 {
            g.slow -= 1;
            Some(g.slow_for)
        } else {
            None
        };
        let mut answer = json!({ "error_code": "0", "message": "Thành công" });
        if !problems.is_empty() {
            answer = json!({ "error_code": "-1", "message": format!("Dữ liệu không hợp lệ: {}", problems.join("; ")) });
            g.violations.extend(problems);
        } else if failing {
            answer = Value::Null;
        } else if service == "DongBoHoSoMC" {
            for (code, d) in codes.iter().zip(&data) {
                if let Some((c, m)) = g.refuse.get(code).cloned() {
                    answer = json!({ "error_code": c, "message": m });
                } else if updating == "False" && g.dossiers.contains_key(code) {
                    answer = json!({ "error_code": "-3", "message": format!("Hồ sơ {code} đã tồn tại") });
                } else if updating == "True" && !g.dossiers.contains_key(code) {
                    answer = json!({ "error_code": "-1", "message": format!("Hồ sơ {code} không tồn tại") });
                } else {
                    g.dossiers.insert(code.clone(), d.clone());
                    answer = json!({ "error_code": "0", "message": "Đồng bộ hồ sơ thành công" });
                }
            }
        } else {
            for (code, d) in codes.iter().zip(&data) {
                if !g.dossiers.contains_key(code) {
                    g.violations
                        .push(format!("progress for {code} before the dossier"));
                }
                g.raw_steps.push(key(d));
                g.steps.insert(key(d), d.clone());
            }
            answer = json!({ "error_code": "0", "message": "Cập nhật tiến độ thành công" });
        }
        let hang = g.hang_after == Some(n);
        (answer, wait, hang)
    };
    if hang {
        s.hung.notify_one();
        std::future::pending::<()>().await;
    }
    if let Some(w) = wait {
        tokio::time::sleep(w).await;
    }
    if answer.is_null() {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ").into_response();
    }
    Json(answer).into_response()
}

impl StandIn {
    pub async fn start() -> StandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let s = StandIn {
            inner: Arc::new(Mutex::new(Inner {
                table: field_table(),
                ..Inner::default()
            })),
            url: format!("http://{addr}/api/dvcqg"),
            hung: Arc::new(tokio::sync::Notify::new()),
        };
        let app = Router::new()
            .route("/api/dvcqg", post(handle))
            .with_state(s.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        s
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        f(&mut self.inner.lock().unwrap())
    }
}
