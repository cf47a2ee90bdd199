//! Danh mục thủ tục: the `motcua-catalogue/1` file format and its parser. The portal checks an
//! imported catalogue with [`parse`] before sending it to the unit's desks; a desk checks it with
//! the same function before it takes it, so a file one end accepts the other accepts too.

use chrono::{NaiveDate, NaiveTime};
use motcua_calendar::{DurationSpec, DurationUnit};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "motcua-catalogue/1";

/// Largest fee amount (đồng) a catalogue may give, per copy or per page tier.
pub const MAX_FEE: i64 = 1_000_000_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub format: String,
    pub version: String,
    pub effective_from: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
    pub procedures: Vec<Procedure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Mã TTHC from the national database, e.g. `2.000815`.
    pub code: String,
    pub local_code: Option<String>,
    pub name: String,
    /// Lĩnh vực (TenLinhVuc, sent to the national portal with each dossier).
    pub field: String,
    /// Mã lĩnh vực in the national procedure database (MaLinhVuc, e.g. as the national
    /// `LayThuTuc` service returns it under LINHVUCTHUCHIEN/MALINHVUC); absent when unknown, and
    /// then sent as `""`. Its certainty is [`Provenance::field`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_code: Option<String>,
    /// Cơ quan có thẩm quyền giải quyết.
    pub authority: String,
    pub duration: Duration,
    pub duration_text: String,
    pub fee: Fee,
    pub fee_text: String,
    pub documents: Vec<RequiredDocument>,
    pub channels: Vec<Channel>,
    pub delivery: Vec<Delivery>,
    pub online_only: bool,
    pub sets: u32,
    pub provenance: Provenance,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Hiệu lực: when this version of the procedure applies (the file's `effective_from` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
    pub cutoff: Option<String>,
}

impl Duration {
    /// The duration as the due-time computation takes it; a cutoff that is not `HH:MM` is refused.
    pub fn to_spec(&self) -> Result<DurationSpec, CatalogueError> {
        let cutoff = match &self.cutoff {
            None => None,
            Some(s) => Some(
                NaiveTime::parse_from_str(s, "%H:%M")
                    .map_err(|_| CatalogueError::BadCutoff(s.clone()))?,
            ),
        };
        Ok(DurationSpec {
            amount: self.amount,
            unit: self.unit.clone(),
            cutoff,
        })
    }
}

/// Phí, lệ phí. Amounts are integer đồng.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Fee {
    Free,
    Fixed {
        amount: i64,
        per: String,
    },
    PerPage {
        tiers: Vec<PageTier>,
        cap: Option<i64>,
        per: String,
    },
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageTier {
    pub from_page: u32,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredDocument {
    pub name: String,
    pub required: bool,
    pub original: u32,
    pub certified: u32,
    pub photocopy: u32,
    /// Forms the desk may accept for it (original, certified, photocopy); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_forms: Option<Vec<String>>,
}

/// Kênh thực hiện: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../ui/src/lib/bindings/")
)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Direct,
    Online,
    Post,
}

/// Hình thức nhận kết quả.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../ui/src/lib/bindings/")
)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    Counter,
    Post,
    Online,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Counter => "counter",
            Delivery::Post => "post",
            Delivery::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "counter" => Some(Delivery::Counter),
            "post" => Some(Delivery::Post),
            "online" => Some(Delivery::Online),
            _ => None,
        }
    }
}

/// How sure we are of a value: verified in a cited source, inferred, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    Verified,
    Inferred,
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub code: Certainty,
    pub name: Certainty,
    pub duration: Certainty,
    pub fee: Certainty,
    pub documents: Certainty,
    pub online_only: Certainty,
    /// The sector code and name (`field_code`, `field`); unknown when the file does not say.
    #[serde(default = "unknown", skip_serializing_if = "is_unknown")]
    pub field: Certainty,
}

fn unknown() -> Certainty {
    Certainty::Unknown
}

fn is_unknown(c: &Certainty) -> bool {
    *c == Certainty::Unknown
}

/// What is wrong with a catalogue file. [`std::fmt::Display`] is the Vietnamese message (the
/// portal shows it as is); the desk translates it into the clerk's language from the same data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("Tệp danh mục không đúng định dạng JSON: {0}")]
    BadJson(String),
    #[error("Tệp danh mục có định dạng \"{0}\", cần \"{FORMAT}\".")]
    BadFormat(String),
    #[error("Tệp danh mục không có thủ tục nào.")]
    Empty,
    #[error("Thủ tục {code}: {problem}")]
    BadProcedure {
        code: String,
        problem: ProcedureProblem,
    },
    #[error("Giờ tiếp nhận cuối \"{0}\" không hợp lệ (cần dạng HH:MM).")]
    BadCutoff(String),
}

impl CatalogueError {
    /// Stable machine-readable code, the same for every problem of a file.
    pub fn code(&self) -> &'static str {
        "invalid_catalogue"
    }
}

/// What is wrong with one procedure of a catalogue file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcedureProblem {
    #[error("thiếu mã hoặc tên thủ tục")]
    MissingCodeOrName,
    #[error("mã thủ tục bị trùng")]
    DuplicateCode,
    #[error("chưa có hình thức trả kết quả")]
    NoDelivery,
    #[error("hình thức giấy tờ \"{0}\" không hợp lệ (original, certified, photocopy)")]
    BadForm(String),
    #[error("ngày hết hiệu lực trước ngày có hiệu lực")]
    BadDates,
    #[error("số bộ hồ sơ phải từ 1 trở lên")]
    ZeroSets,
    #[error("mức phí {0} đồng không hợp lệ (cần từ 0 đến {MAX_FEE} đồng)")]
    BadFee(i64),
    #[error("thời hạn giải quyết không dùng được: {0}")]
    BadDuration(String),
}

/// Parses and checks a catalogue file; every problem names the procedure it is in.
pub fn parse(text: &str) -> Result<CatalogueFile, CatalogueError> {
    let file: CatalogueFile =
        serde_json::from_str(text).map_err(|e| CatalogueError::BadJson(e.to_string()))?;
    if file.format != FORMAT {
        return Err(CatalogueError::BadFormat(file.format));
    }
    if file.procedures.is_empty() {
        return Err(CatalogueError::Empty);
    }
    let mut seen = std::collections::HashSet::new();
    for p in &file.procedures {
        let bad = |problem: ProcedureProblem| CatalogueError::BadProcedure {
            code: p.code.clone(),
            problem,
        };
        if p.code.trim().is_empty() || p.name.trim().is_empty() {
            return Err(bad(ProcedureProblem::MissingCodeOrName));
        }
        if !seen.insert(p.code.clone()) {
            return Err(bad(ProcedureProblem::DuplicateCode));
        }
        if p.delivery.is_empty() {
            return Err(bad(ProcedureProblem::NoDelivery));
        }
        if let Some(form) = p
            .documents
            .iter()
            .filter_map(|d| d.accepted_forms.as_ref())
            .flatten()
            .find(|f| !matches!(f.as_str(), "original" | "certified" | "photocopy"))
        {
            return Err(bad(ProcedureProblem::BadForm(form.clone())));
        }
        if let (Some(from), Some(to)) = (p.effective_from, p.effective_to)
            && to < from
        {
            return Err(bad(ProcedureProblem::BadDates));
        }
        if p.sets == 0 {
            return Err(bad(ProcedureProblem::ZeroSets));
        }
        // A fee outside 0..=MAX_FEE overflowed the fee computation at intake (found by fuzzing).
        let amounts: Vec<i64> = match &p.fee {
            Fee::Fixed { amount, .. } => vec![*amount],
            Fee::PerPage { tiers, cap, .. } => tiers.iter().map(|t| t.amount).chain(*cap).collect(),
            Fee::Free | Fee::Unknown => Vec::new(),
        };
        if let Some(a) = amounts.into_iter().find(|a| !(0..=MAX_FEE).contains(a)) {
            return Err(bad(ProcedureProblem::BadFee(a)));
        }
        // A duration the due-date computation refuses would make every intake of it fail.
        p.duration
            .to_spec()?
            .validate()
            .map_err(|e| bad(ProcedureProblem::BadDuration(e.to_string())))?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"format":"motcua-catalogue/1","version":"1","effective_from":null,"procedures":[
      {"code":"2.000635","local_code":null,"name":"Trích lục","field":"Hộ tịch","authority":"UBND xã",
       "duration":{"amount":5,"unit":"working-days","cutoff":null},"duration_text":"5 ngày","fee":{"kind":"free"},
       "fee_text":"","documents":[],"channels":["direct"],"delivery":["counter"],"online_only":false,"sets":1,
       "provenance":{"code":"verified","name":"verified","duration":"verified","fee":"verified","documents":"verified","online_only":"verified"}}]}"#;

    #[test]
    fn parses_and_names_the_problem() {
        assert_eq!(parse(OK).unwrap().procedures.len(), 1);
        let e = parse(&OK.replace(r#""sets":1"#, r#""sets":0"#)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Thủ tục 2.000635: số bộ hồ sơ phải từ 1 trở lên"
        );
        let e = parse(&OK.replace(r#""cutoff":null"#, r#""cutoff":"25:00""#)).unwrap_err();
        assert_eq!(e, CatalogueError::BadCutoff("25:00".into()));
        let e = parse(&OK.replace("motcua-catalogue/1", "x")).unwrap_err();
        assert_eq!(e.code(), "invalid_catalogue");
        assert!(matches!(parse("[]"), Err(CatalogueError::BadJson(_))));
        assert!(matches!(
            parse(&OK.replace(r#""sets":1"#, r#""sets":1,"extra":1"#)),
            Err(CatalogueError::BadJson(_))
        ));
        // The sector code and its certainty are optional and read back; unknown keys still fail.
        let p = &parse(OK).unwrap().procedures[0];
        assert_eq!(
            (p.field_code.as_deref(), p.provenance.field),
            (None, Certainty::Unknown)
        );
        let with = OK
            .replace(
                r#""field":"Hộ tịch""#,
                r#""field":"Hộ tịch","field_code":"G09-TP03""#,
            )
            .replace(
                r#""online_only":"verified"}"#,
                r#""online_only":"verified","field":"inferred"}"#,
            );
        let p = &parse(&with).unwrap().procedures[0];
        assert_eq!(
            (p.field_code.as_deref(), p.provenance.field),
            (Some("G09-TP03"), Certainty::Inferred)
        );
        assert!(matches!(
            parse(&OK.replace(
                r#""field":"Hộ tịch""#,
                r#""field":"Hộ tịch","field_id":"x""#
            )),
            Err(CatalogueError::BadJson(_))
        ));
    }
}

/// A delivery channel compares with its wire spelling (`delivery == "post"`).
impl PartialEq<&str> for Delivery {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
