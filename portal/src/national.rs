//! Đồng bộ lên Cổng Dịch vụ công quốc gia: the portal's dossiers and processing steps in the
//! national portal's field shape (DongBoHoSoMC; domain.md). Dates are `yyyyMMddHHmmss` in Vietnam
//! time. Pure functions over what the portal stores, so fixtures can pin the exact output.
//!
//! Where the national code lists are not in our sources, the mapping is our inference and says
//! so: LoaiDoiTuong (1 công dân, 2 doanh nghiệp — from domain.md; 3 for other organisations is
//! inferred), LoaiDinhDanh (1 số định danh cá nhân, 2 mã số thuế — inferred), HinhThucThu
//! (1 tiền mặt, 2 chuyển khoản — inferred), and the TaiLieuNop item fields (inferred).

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

/// Vietnam time, UTC+7, no daylight saving.
fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// `yyyyMMddHHmmss` in Vietnam time.
pub fn national_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&vietnam())
        .format("%Y%m%d%H%M%S")
        .to_string()
}

fn time_field(rfc3339: Option<&str>) -> Value {
    rfc3339
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| Value::String(national_time(t.with_timezone(&Utc))))
        .unwrap_or(Value::Null)
}

/// A supplement round: the appointment before and after it.
#[derive(Debug, Clone)]
pub struct SupplementRound {
    pub requested_at: Option<String>,
    pub received_at: Option<String>,
    pub old_due_at: Option<String>,
    pub new_due_at: Option<String>,
}

/// What the portal knows of one dossier, beyond the desk's `create` payload.
#[derive(Debug, Clone)]
pub struct DossierFacts<'a> {
    /// The desk's `create` change payload, as the portal stored it.
    pub created: &'a Value,
    /// TrangThaiHoSo now (1-10).
    pub national_status: u8,
    /// The appointment now (after extensions and supplements).
    pub due_at: Option<&'a str>,
    /// When processing ended (result ready, refused, stopped): NgayKetThucXuLy.
    pub finished_at: Option<&'a str>,
    /// When the result was handed out: NgayTra.
    pub handed_out_at: Option<&'a str>,
    pub supplements: &'a [SupplementRound],
}

fn channel_code(channel: &str) -> u8 {
    match channel {
        "online" => 2,
        "post" => 3,
        _ => 1,
    }
}

fn owner_kind_code(kind: &str) -> u8 {
    match kind {
        "business" => 2,
        "agency" | "organisation" => 3,
        _ => 1,
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// One dossier in the DongBoHoSoMC shape.
pub fn dossier(f: &DossierFacts<'_>) -> Value {
    let c = f.created;
    let submitter = c.get("submitter").cloned().unwrap_or(Value::Null);
    let owner = match c.get("owner") {
        Some(o) if o.is_object() => o.clone(),
        _ => submitter.clone(),
    };
    let owner_kind = s(c, "owner_kind");
    let owner_id = s(&owner, "id_number");
    let id_kind = if owner_kind == "business" { 2 } else { 1 };
    let documents: Vec<Value> = c
        .get("documents")
        .and_then(Value::as_array)
        .map(|docs| {
            docs.iter()
                .map(|d| {
                    json!({
                        "TenGiayTo": s(d, "name"),
                        "SoBanChinh": d.get("original").cloned().unwrap_or(json!(0)),
                        "SoBanSao": d.get("certified").cloned().unwrap_or(json!(0)),
                        "SoBanPhoTo": d.get("photocopy").cloned().unwrap_or(json!(0)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let fee = c.get("fee_amount").and_then(Value::as_i64).unwrap_or(0);
    let fees = if fee > 0 {
        vec![json!({
            "TenPhiLePhi": "Phí, lệ phí",
            "MaPhiLePhi": "",
            "HinhThucThu": 1,
            "Gia": fee,
        })]
    } else {
        Vec::new()
    };
    let supplements: Vec<Value> = f
        .supplements
        .iter()
        .map(|r| {
            json!({
                "NgayYeuCauBoSung": time_field(r.requested_at.as_deref()),
                "NgayTiepNhanBoSung": time_field(r.received_at.as_deref()),
                "NgayHenTraTruoc": time_field(r.old_due_at.as_deref()),
                "NgayHenTraMoi": time_field(r.new_due_at.as_deref()),
            })
        })
        .collect();
    let received = time_field(Some(s(c, "received_at")));
    json!({
        "MaHoSo": s(c, "code"),
        "MaTTHC": s(c, "procedure_code"),
        "TenTTHC": s(c, "procedure_name"),
        "MaLinhVuc": c.get("field_code").cloned().unwrap_or(Value::Null),
        "KenhThucHien": channel_code(s(c, "channel")),
        "ChuHoSo": s(&owner, "full_name"),
        "LoaiDoiTuong": owner_kind_code(owner_kind),
        "SoGiayToChuHoSo": owner_id,
        "DinhDanhCHS": if owner_id.is_empty() { json!([]) } else { json!([{ "LoaiDinhDanh": id_kind, "SoDinhDanh": owner_id }]) },
        "SoDienThoai": s(&submitter, "phone"),
        "Email": s(&submitter, "email"),
        "TrichYeuHoSo": format!("{} - {}", s(c, "procedure_name"), s(&owner, "full_name")),
        "NgayNopHoSo": received,
        "NgayTiepNhan": received,
        "NgayHenTra": time_field(f.due_at),
        "NgayTra": time_field(f.handed_out_at),
        "NgayKetThucXuLy": time_field(f.finished_at),
        "TrangThaiHoSo": f.national_status,
        "TaiLieuNop": documents,
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": supplements,
    })
}

/// One processing step (bước xử lý).
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub code: &'a str,
    pub by: &'a str,
    pub title: &'a str,
    pub department: &'a str,
    pub content: &'a str,
    pub at: &'a str,
    pub national_status: u8,
}

pub fn step(st: &Step<'_>) -> Value {
    json!({
        "MaHoSo": st.code,
        "NguoiXuLy": st.by,
        "ChucDanh": st.title,
        "ThoiDiemXuLy": time_field(Some(st.at)),
        "PhongBanXuLy": st.department,
        "NoiDungXuLy": st.content,
        "TrangThai": st.national_status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).expect("fixture JSON")
    }

    #[test]
    fn dates_are_vietnam_time_yyyymmddhhmmss() {
        let t = DateTime::parse_from_rfc3339("2026-02-05T17:30:05Z")
            .unwrap()
            .with_timezone(&Utc);
        // 17:30 UTC is 00:30 the next day in Vietnam.
        assert_eq!(national_time(t), "20260206003005");
    }

    #[test]
    fn dossier_matches_the_national_fixture() {
        let created = fixture("desk-create-payload.json");
        let rounds = vec![SupplementRound {
            requested_at: Some("2026-11-25T02:00:00Z".into()),
            received_at: Some("2026-11-26T03:15:00Z".into()),
            old_due_at: Some("2026-11-27T10:00:00Z".into()),
            new_due_at: Some("2026-11-30T10:00:00Z".into()),
        }];
        let got = dossier(&DossierFacts {
            created: &created,
            national_status: 10,
            due_at: Some("2026-11-30T10:00:00Z"),
            finished_at: Some("2026-11-30T08:00:00Z"),
            handed_out_at: Some("2026-11-30T09:05:00Z"),
            supplements: &rounds,
        });
        assert_eq!(
            got,
            fixture("national-dossier.json"),
            "{}",
            serde_json::to_string_pretty(&got).unwrap()
        );
    }

    #[test]
    fn step_matches_the_national_fixture() {
        let got = step(&Step {
            code: "000.00.31.H29-261124-0003",
            by: "Nguyễn Văn Bình",
            title: "Công chức Tư pháp - Hộ tịch",
            department: "Bộ phận Tư pháp",
            content: "Trình ký kết quả",
            at: "2026-11-30T08:00:00Z",
            national_status: 9,
        });
        assert_eq!(got, fixture("national-step.json"));
    }
}
