//! Hồ sơ và tiến độ theo Cổng DVC quốc gia: one dossier in the DongBoHoSoMC shape and one
//! processing step in the CapNhatTienDoHoSoMC shape. Pure functions over [`DossierFacts`] and
//! [`StepFacts`], so fixtures pin the exact output. Every scalar is a string and an empty value
//! is `""`, as both public implementations send (opencps-v2 `StringPool.BLANK`, Thanh Hóa `""`
//! defaults); dates are `yyyyMMddHHmmss` in Vietnam time (opencps `Asia/Ho_Chi_Minh`). The
//! field set is the Thanh Hóa DTO `HoSoDongBoDVC`'s, the fuller of the two (opencps sends a
//! subset of it).

use chrono::{DateTime, FixedOffset, Utc};
use motcua_protocol::status::Status;
use serde_json::{Map, Value, json};

use super::codes::{
    Code, DuocTaiSuDung, DuocThanhToanTrucTuyen, HinhThuc, HinhThucThu, KenhThucHien, LoaiDinhDanh,
    LoaiDoiTuong, LoaiGiayTo, LoaiPhiLePhi, NoiNopHoSo, flag,
};

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

/// An RFC 3339 instant as a national time; `""` when absent or unreadable.
pub fn time_field(rfc3339: Option<&str>) -> String {
    rfc3339
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| national_time(t.with_timezone(&Utc)))
        .unwrap_or_default()
}

/// At most `max` characters (Thanh Hóa cuts TrichYeuHoSo at 1000 and NguoiXuLy at 50 with "...").
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(3)).collect();
        t.push_str("...");
        t
    }
}

/// A supplement round (lần bổ sung): who asked, what for, when, who received it and when, and
/// the appointment before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplementRound {
    pub requested_by: String,
    pub requested_at: Option<String>,
    pub content: String,
    pub received_by: String,
    pub received_at: Option<String>,
    pub received_note: String,
    pub old_due_at: Option<String>,
    pub new_due_at: Option<String>,
}

/// A digitised file submitted with the dossier (thành phần hồ sơ số hóa). The desk does not
/// digitise files yet (another issue adds them), so today the list is always empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedFile {
    pub id: String,
    pub name: String,
    pub deleted: bool,
    /// MaThanhPhanHoSo: the paper's code in the national catalogue (`""` when unknown).
    pub component_code: String,
    /// A download URL the national portal can fetch.
    pub url: String,
    pub digitised: bool,
    pub reused: DuocTaiSuDung,
    pub from_national_store: bool,
    pub replaces_result_code: String,
}

/// Lĩnh vực: code (MaLinhVuc, `""` when the catalogue does not give it) and name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sector {
    pub code: String,
    pub name: String,
}

/// What the portal knows of one dossier, beyond the desk's `create` payload.
#[derive(Debug, Clone)]
pub struct DossierFacts<'a> {
    /// The desk's `create` change payload, as the portal stored it.
    pub created: &'a Value,
    /// The status now.
    pub status: Status,
    /// DonViXuLy: the unit's name (opencps: the agency name; Thanh Hóa: the group's name).
    pub unit_name: &'a str,
    pub sector: &'a Sector,
    /// The catalogue's fee text of the procedure (decides LoaiPhiLePhi and names the fee).
    pub fee_text: &'a str,
    /// The appointment now (after extensions and supplements).
    pub due_at: Option<&'a str>,
    /// NgayKetThucXuLy ([`motcua_protocol::status::processing_ended_at`]).
    pub finished_at: Option<&'a str>,
    /// NgayTra: when the result was handed out.
    pub handed_out_at: Option<&'a str>,
    pub supplements: &'a [SupplementRound],
    pub files: &'a [SubmittedFile],
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn count(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// DanhSachTepDinhKemKhac: the paper copies the desk counted, one entry per paper and form.
fn paper_copies(created: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for d in created
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for (key, kind) in [
            ("original", LoaiGiayTo::BanChinh),
            ("certified", LoaiGiayTo::BanSaoChungThuc),
            ("photocopy", LoaiGiayTo::BanChup),
        ] {
            let n = count(d, key);
            if n > 0 {
                out.push(json!({
                    "TenGiayTo": s(d, "name"),
                    "SoLuong": n.to_string(),
                    "LoaiGiayTo": kind.code(),
                }));
            }
        }
    }
    out
}

fn file_entry(f: &SubmittedFile) -> Value {
    json!({
        "TepDinhKemId": f.id,
        "TenTepDinhKem": f.name,
        "IsDeleted": flag(f.deleted),
        "MaThanhPhanHoSo": f.component_code,
        "DuongDanTaiTepTin": f.url,
        "DuocSoHoa": flag(f.digitised),
        "DuocTaiSuDung": f.reused.code(),
        "DuocLayTuKhoDMQG": flag(f.from_national_store),
        "MaKetQuaThayThe": f.replaces_result_code,
    })
}

/// DanhSachLePhi: only an amount the desk actually collected (`fee_state` "collected"; Thanh
/// Hóa joins only paid requests with an amount above 0).
fn fees(created: &Value, fee_text: &str) -> Vec<Value> {
    let amount = created
        .get("fee_receipt")
        .and_then(|r| r.get("amount"))
        .and_then(Value::as_i64)
        .or_else(|| created.get("fee_amount").and_then(Value::as_i64))
        .unwrap_or(0);
    if s(created, "fee_state") != "collected" || amount <= 0 {
        return Vec::new();
    }
    let kind = LoaiPhiLePhi::from_fee_text(fee_text);
    let name = match kind {
        LoaiPhiLePhi::Phi => "Phí",
        LoaiPhiLePhi::LePhi => "Lệ phí",
    };
    vec![json!({
        "TenPhiLePhi": format!("{name} {}", s(created, "procedure_name")).trim().to_string(),
        // Neither implementation has a real fee code (Thanh Hóa sends the constant "1"); we have
        // none either.
        "MaPhiLePhi": "",
        "HinhThucThu": HinhThucThu::ThuTaiQuay.code(),
        "Gia": amount.to_string(),
        "LoaiPhiLePhi": kind.code(),
    })]
}

fn supplement_entry(i: usize, r: &SupplementRound) -> Value {
    json!({
        "HoSoBoSungId": (i + 1).to_string(),
        "NguoiYeuCauBoSung": r.requested_by,
        "NoiDungBoSung": r.content,
        "NgayBoSung": time_field(r.requested_at.as_deref()),
        "NguoiTiepNhanBoSung": r.received_by,
        "ThongTinTiepNhan": r.received_note,
        "NgayTiepNhanBoSung": time_field(r.received_at.as_deref()),
        "TrangThaiBoSung": flag(r.received_at.is_some()),
        "DanhSachGiayToBoSung": [],
        "DanhSachLePhiBoSung": [],
        "NgayHenTraTruoc": time_field(r.old_due_at.as_deref()),
        "NgayHenTraMoi": time_field(r.new_due_at.as_deref()),
    })
}

/// One dossier in the DongBoHoSoMC shape.
pub fn dossier(f: &DossierFacts<'_>) -> Value {
    let c = f.created;
    let submitter = c.get("submitter").cloned().unwrap_or(Value::Null);
    let owner = match c.get("owner") {
        Some(o) if o.is_object() => o.clone(),
        _ => submitter.clone(),
    };
    let owner_kind = LoaiDoiTuong::from_owner_kind(s(c, "owner_kind"));
    let owner_id = s(&owner, "id_number").trim();
    let id_entries: Vec<Value> = match (owner_kind, LoaiDinhDanh::of_personal_number(owner_id)) {
        (LoaiDoiTuong::CongDan, Some(kind)) => {
            vec![json!({ "LoaiDinhDanh": kind.code(), "SoDinhDanh": owner_id })]
        }
        _ => Vec::new(),
    };
    let received = time_field(Some(s(c, "received_at")));
    let files: Vec<Value> = f.files.iter().map(file_entry).collect();
    let digitised = f.files.iter().any(|x| x.digitised && !x.deleted);
    let refused_at = if f.status == Status::Refused {
        received.clone()
    } else {
        String::new()
    };
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("MaHoSo", json!(s(c, "code")));
    put("MaTTHC", json!(s(c, "procedure_code")));
    put("TenTTHC", json!(s(c, "procedure_name")));
    put("MaLinhVuc", json!(f.sector.code));
    put("TenLinhVuc", json!(f.sector.name));
    put(
        "KenhThucHien",
        json!(KenhThucHien::from_channel(s(c, "channel")).code()),
    );
    put("SoGiayToChuHoSo", json!(owner_id));
    put("ChuHoSo", json!(s(&owner, "full_name")));
    put("LoaiDoiTuong", json!(owner_kind.code()));
    // MaDoiTuong is the citizen's national account id, only for online dossiers (Thanh Hóa
    // clears it unless KenhThucHien is 2); a desk has none.
    put("MaDoiTuong", json!(""));
    put("ThongTinKhac", json!(""));
    put("Email", json!(s(&submitter, "email")));
    // opencps copies the phone number into Fax; Thanh Hóa sends "". We have no fax: "".
    put("Fax", json!(""));
    put("SoDienThoai", json!(s(&submitter, "phone")));
    put(
        "TrichYeuHoSo",
        json!(cut(
            &format!("{} - {}", s(c, "procedure_name"), s(&owner, "full_name")),
            1000
        )),
    );
    put("NgayTiepNhan", json!(received));
    put("NgayHenTra", json!(time_field(f.due_at)));
    put("TrangThaiHoSo", json!(f.status.national_code()));
    put("NgayTra", json!(time_field(f.handed_out_at)));
    put("ThongTinTra", json!(""));
    put(
        "HinhThuc",
        json!(HinhThuc::from_delivery(s(c, "delivery")).code()),
    );
    put("NgayKetThucXuLy", json!(time_field(f.finished_at)));
    put("DonViXuLy", json!(f.unit_name));
    put("GhiChu", json!(""));
    put("TaiLieuNop", Value::Array(files));
    put("DanhSachLePhi", Value::Array(fees(c, f.fee_text)));
    put("DanhSachTepDinhKemKhac", Value::Array(paper_copies(c)));
    put(
        "DanhSachHoSoBoSung",
        Value::Array(
            f.supplements
                .iter()
                .enumerate()
                .map(|(i, r)| supplement_entry(i, r))
                .collect(),
        ),
    );
    // Result papers (DanhSachGiayToKetQua) need digitised results, which do not exist yet.
    put("DanhSachGiayToKetQua", json!([]));
    put("NoiNopHoSo", json!(NoiNopHoSo::BoPhanMotCua.code()));
    put("HoSoCoThanhPhanSoHoa", json!(flag(digitised)));
    // A dossier received at a desk is not submitted from a VNeID-verified account.
    put("TaiKhoanDuocXacThucVoiVNeID", json!(flag(false)));
    put(
        "DuocThanhToanTrucTuyen",
        json!(DuocThanhToanTrucTuyen::Khong.code()),
    );
    put("NgayTuChoi", json!(refused_at));
    put("DinhDanhCHS", Value::Array(id_entries));
    put("NgayNopHoSo", json!(received));
    // DSKetNoiCSDL: the national databases the dossier's data was checked against. Thanh Hóa
    // sends {MaCSDL: "7"} for every dossier; the portal checks none, so the list is empty.
    put("DSKetNoiCSDL", json!([]));
    Value::Object(m)
}

/// What a processing step is, for its Vietnamese text (NoiDungXuLy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Tiếp nhận hồ sơ (the desk's `create`).
    Create,
    /// A status move.
    Status,
    /// Yêu cầu bổ sung (the clock pauses).
    Pause,
    /// Nhận bổ sung (the clock resumes).
    Resume,
    /// The appointment was changed.
    DueOverride,
    /// Anything else the portal recorded.
    Other,
}

impl StepKind {
    pub fn parse(kind: &str) -> StepKind {
        match kind {
            "create" => StepKind::Create,
            "status" => StepKind::Status,
            "pause" => StepKind::Pause,
            "resume" => StepKind::Resume,
            "due-override" => StepKind::DueOverride,
            _ => StepKind::Other,
        }
    }
}

/// NoiDungXuLy: always Vietnamese, never the internal kind ("pause", "resume"); the clerk's
/// note follows the words when there is one.
pub fn step_text(kind: StepKind, to: Option<Status>, note: &str) -> String {
    let words = match (kind, to) {
        (StepKind::Create, Some(Status::Refused)) => "Từ chối tiếp nhận hồ sơ".to_string(),
        (StepKind::Create, _) => "Tiếp nhận hồ sơ".to_string(),
        (StepKind::Pause, _) => "Yêu cầu bổ sung hồ sơ".to_string(),
        (StepKind::Resume, _) => "Tiếp nhận hồ sơ bổ sung".to_string(),
        (StepKind::DueOverride, _) => "Điều chỉnh ngày hẹn trả kết quả".to_string(),
        (_, Some(st)) => st.label_vi().to_string(),
        (_, None) => "Cập nhật hồ sơ".to_string(),
    };
    match note.trim() {
        "" => words,
        // The portal's own notes already start with the words ("Yêu cầu bổ sung hồ sơ; …").
        n if n.starts_with(&words) => n.to_string(),
        n => format!("{words} ({n})"),
    }
}

/// One processing step as the portal stores it.
#[derive(Debug, Clone)]
pub struct StepFacts<'a> {
    pub code: &'a str,
    pub kind: StepKind,
    pub by: &'a str,
    pub department: &'a str,
    pub note: &'a str,
    pub at: &'a str,
    pub to: Option<Status>,
    /// The dossier's status after the step (for TrangThai when the step moved nothing).
    pub status_after: Status,
}

/// One step in the CapNhatTienDoHoSoMC shape.
pub fn step(st: &StepFacts<'_>) -> Value {
    let by = match st.by.trim() {
        // Thanh Hóa's default for a step without a person.
        "" => "Cán bộ một cửa".to_string(),
        b => cut(b, 50),
    };
    json!({
        "MaHoSo": st.code,
        "NguoiXuLy": by,
        "ChucDanh": "",
        "ThoiDiemXuLy": time_field(Some(st.at)),
        "PhongBanXuLy": st.department,
        "NoiDungXuLy": step_text(st.kind, st.to, st.note),
        "TrangThai": st.to.unwrap_or(st.status_after).national_code(),
        "NgayBatDau": "",
        "NgayKetThucTheoQuyDinh": "",
    })
}
