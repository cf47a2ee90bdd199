//! Danh mục mã của Cổng DVC quốc gia: the code lists the dossier sync (DongBoHoSoMC) uses, each
//! sent as a string. Sources: VietOpenCPS/opencps-v2 `DVCQGIntegrationActionImpl.java`
//! ("opencps") and the Thanh Hóa system HuanVu201/DichVuCong_KhoaLuan_PASETO
//! `SyncLocalDataToDVCQGService.cs` and its DTOs ("Thanh Hóa"). Where they are silent the choice
//! is ours and says so. TrangThaiHoSo lives with the status table
//! (`motcua_protocol::status::Status::national_code`).

/// A national code: its wire string.
pub trait Code {
    fn code(self) -> &'static str;
}

/// LoaiDoiTuong, who owns the dossier. Thanh Hóa: "Doanh nghiệp" 2, "Cơ quan nhà nước" 3,
/// "Tổ chức" or "Khác" 4, otherwise 1; opencps: business 2, otherwise 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoaiDoiTuong {
    CongDan,
    DoanhNghiep,
    CoQuanNhaNuoc,
    ToChucKhac,
}

impl LoaiDoiTuong {
    /// From the desk's `owner_kind` (citizen, business, agency, organisation, other).
    pub fn from_owner_kind(kind: &str) -> LoaiDoiTuong {
        match kind {
            "business" => LoaiDoiTuong::DoanhNghiep,
            "agency" | "state-agency" => LoaiDoiTuong::CoQuanNhaNuoc,
            "organisation" | "organization" | "other" => LoaiDoiTuong::ToChucKhac,
            _ => LoaiDoiTuong::CongDan,
        }
    }
}

impl Code for LoaiDoiTuong {
    fn code(self) -> &'static str {
        match self {
            LoaiDoiTuong::CongDan => "1",
            LoaiDoiTuong::DoanhNghiep => "2",
            LoaiDoiTuong::CoQuanNhaNuoc => "3",
            LoaiDoiTuong::ToChucKhac => "4",
        }
    }
}

/// LoaiDinhDanh of a DinhDanhCHS entry. Thanh Hóa: a 12-digit number is 1 (số định danh cá nhân
/// / CCCD), a 9-digit number 2 (the old CMND). Neither names a code for a tax code (mã số
/// thuế/doanh nghiệp, 10 or 13 digits): our choice is to send no DinhDanhCHS entry for it
/// (Thanh Hóa's placeholder "000000001" would be false data) and keep it in SoGiayToChuHoSo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoaiDinhDanh {
    SoDinhDanhCaNhan,
    ChungMinhNhanDan,
}

impl LoaiDinhDanh {
    /// The kind of a personal identity number by its shape; `None` for anything else.
    pub fn of_personal_number(number: &str) -> Option<LoaiDinhDanh> {
        if !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match number.len() {
            12 => Some(LoaiDinhDanh::SoDinhDanhCaNhan),
            9 => Some(LoaiDinhDanh::ChungMinhNhanDan),
            _ => None,
        }
    }
}

impl Code for LoaiDinhDanh {
    fn code(self) -> &'static str {
        match self {
            LoaiDinhDanh::SoDinhDanhCaNhan => "1",
            LoaiDinhDanh::ChungMinhNhanDan => "2",
        }
    }
}

/// KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích (the national catalogue's KENH
/// values as opencps reads them: 2 "Trực tuyến", 3 "Nộp qua bưu chính công ích", else "Trực
/// tiếp").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KenhThucHien {
    TrucTiep,
    TrucTuyen,
    BuuChinh,
}

impl KenhThucHien {
    pub fn from_channel(channel: &str) -> KenhThucHien {
        match channel {
            "online" => KenhThucHien::TrucTuyen,
            "post" => KenhThucHien::BuuChinh,
            _ => KenhThucHien::TrucTiep,
        }
    }
}

impl Code for KenhThucHien {
    fn code(self) -> &'static str {
        match self {
            KenhThucHien::TrucTiep => "1",
            KenhThucHien::TrucTuyen => "2",
            KenhThucHien::BuuChinh => "3",
        }
    }
}

/// HinhThuc, how the result is returned: opencps sends 1 when the result goes by post
/// (`viaPostal` 2) and 0 otherwise; Thanh Hóa sends its HinhThucTra. Our choice: post 1, the
/// counter and online 0 (opencps has only these two values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HinhThuc {
    TraTaiQuay,
    TraQuaBuuChinh,
}

impl HinhThuc {
    pub fn from_delivery(delivery: &str) -> HinhThuc {
        if delivery == "post" {
            HinhThuc::TraQuaBuuChinh
        } else {
            HinhThuc::TraTaiQuay
        }
    }
}

impl Code for HinhThuc {
    fn code(self) -> &'static str {
        match self {
            HinhThuc::TraTaiQuay => "0",
            HinhThuc::TraQuaBuuChinh => "1",
        }
    }
}

/// LoaiPhiLePhi of a DanhSachLePhi entry. Thanh Hóa sends "1" for every collected amount;
/// opencps lists the field without a value. Our choice (inferred, neither says): 1 lệ phí,
/// 2 phí; a catalogue fee text that starts with "Phí" is a phí, anything else a lệ phí.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoaiPhiLePhi {
    LePhi,
    Phi,
}

impl LoaiPhiLePhi {
    pub fn from_fee_text(text: &str) -> LoaiPhiLePhi {
        let t = text.trim_start().to_lowercase();
        if t.starts_with("phí") {
            LoaiPhiLePhi::Phi
        } else {
            LoaiPhiLePhi::LePhi
        }
    }
}

impl Code for LoaiPhiLePhi {
    fn code(self) -> &'static str {
        match self {
            LoaiPhiLePhi::LePhi => "1",
            LoaiPhiLePhi::Phi => "2",
        }
    }
}

/// HinhThucThu of a fee. Thanh Hóa sends "1" for every fee. Our choice (inferred): 1 for the
/// amount the desk collected at the counter (it issues a biên lai); no other way exists yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HinhThucThu {
    ThuTaiQuay,
}

impl Code for HinhThucThu {
    fn code(self) -> &'static str {
        match self {
            HinhThucThu::ThuTaiQuay => "1",
        }
    }
}

/// NoiNopHoSo. Thanh Hóa sends "2" for every dossier, counter ones included; opencps does not
/// send it; neither names the values. Our choice: "2", as Thanh Hóa, for a dossier received at
/// a one-stop desk (inferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoiNopHoSo {
    BoPhanMotCua,
}

impl Code for NoiNopHoSo {
    fn code(self) -> &'static str {
        match self {
            NoiNopHoSo::BoPhanMotCua => "2",
        }
    }
}

/// A "0"/"1" flag (TaiKhoanDuocXacThucVoiVNeID, HoSoCoThanhPhanSoHoa, DuocSoHoa,
/// DuocLayTuKhoDMQG, IsDeleted, TrangThaiBoSung): Thanh Hóa sends "0"/"1" strings.
pub fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// DuocThanhToanTrucTuyen. Thanh Hóa: "0" by default, "1" when an online payment request was
/// paid (and "3" for an unpaid one, a branch its query never reaches). A desk collects at the
/// counter, never online: "0".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuocThanhToanTrucTuyen {
    Khong,
    DaThanhToanTrucTuyen,
}

impl Code for DuocThanhToanTrucTuyen {
    fn code(self) -> &'static str {
        match self {
            DuocThanhToanTrucTuyen::Khong => "0",
            DuocThanhToanTrucTuyen::DaThanhToanTrucTuyen => "1",
        }
    }
}

/// LoaiGiayTo of a DanhSachTepDinhKemKhac entry (paper papers, counted: both implementations
/// list {TenGiayTo, SoLuong, LoaiGiayTo} there, not in TaiLieuNop, which is per digital file).
/// Neither names the values; our choice (inferred): 1 bản chính, 2 bản sao chứng thực, 3 bản
/// chụp (photo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoaiGiayTo {
    BanChinh,
    BanSaoChungThuc,
    BanChup,
}

impl Code for LoaiGiayTo {
    fn code(self) -> &'static str {
        match self {
            LoaiGiayTo::BanChinh => "1",
            LoaiGiayTo::BanSaoChungThuc => "2",
            LoaiGiayTo::BanChup => "3",
        }
    }
}

/// DuocTaiSuDung of a TaiLieuNop file. Thanh Hóa: digitisation state 2 → "1" (reused), 3 →
/// "2", otherwise "0".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuocTaiSuDung {
    Khong,
    TaiSuDung,
    TaiSuDungCoBoSung,
}

impl Code for DuocTaiSuDung {
    fn code(self) -> &'static str {
        match self {
            DuocTaiSuDung::Khong => "0",
            DuocTaiSuDung::TaiSuDung => "1",
            DuocTaiSuDung::TaiSuDungCoBoSung => "2",
        }
    }
}
