//! Shapes that cross the boundary to the UI (IPC) and the CLI's `--json` output.
//! TypeScript types are generated from these by ts-rs into `ui/src/lib/bindings/`
//! (`cargo test -p motcua export_bindings`), so the UI never hand-copies a shape.

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The unit's settings: the contract's type, the same the portal sends at enrollment and by pull.
pub use motcua_protocol::UnitInfo as UnitSettings;

/// A closed set of values that crosses IPC as one fixed spelling: a serde enum exported to
/// TypeScript as a string union, with `as_str` / `parse` for the database and the CLI.
macro_rules! wire_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[ts(export, export_to = "../ui/src/lib/bindings/")]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|x| x.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::dto::wire_str_eq!($name);
    };
}

/// `value == "spelling"` for a wire enum with `as_str` (its wire spelling).
macro_rules! wire_str_eq {
    ($name:ty) => {
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
    };
}
pub(crate) use wire_str_eq;

wire_enum! {
    /// The languages of the desk's messages.
    pub enum Locale { Vi = "vi", En = "en" }
}

wire_enum! {
    /// The files `save_day_report` writes.
    pub enum ReportFormat { Pdf = "pdf", Xlsx = "xlsx" }
}

wire_enum! {
    /// What the clerk decides at intake: take the dossier (Mẫu 01), ask for more (Mẫu 02) or
    /// refuse it (Mẫu 03). Online-only procedures are recorded as an assisted online submission
    /// whatever the decision.
    pub enum Outcome { Accept = "accept", Supplement = "supplement", Refuse = "refuse" }
}

wire_enum! {
    /// What became of the dossier at intake (`DossierView.outcome`).
    pub enum DossierOutcome {
        Accepted = "accepted",
        Supplement = "supplement",
        Refused = "refused",
        AssistedOnline = "assisted-online",
    }
}

wire_enum! {
    /// Chủ hồ sơ: for all but a citizen the owner's `id_number` is the tax code.
    pub enum OwnerKind {
        Citizen = "citizen",
        Business = "business",
        Agency = "agency",
        Organisation = "organisation",
    }
}

wire_enum! {
    /// Who submits: the owner, a relative, or a proxy (who needs the authorisation).
    pub enum SubmitterRole { Owner = "owner", Relative = "relative", Proxy = "proxy" }
}

wire_enum! {
    /// The shape of a procedure's fee rule (`Procedure.fee_kind`).
    pub enum FeeKind { Free = "free", Fixed = "fixed", PerPage = "per-page", Unknown = "unknown" }
}

wire_enum! {
    /// Where the dossier's fee stands (`DossierView.fee_state`).
    pub enum FeeState {
        None = "none",
        Collected = "collected",
        DueAtResult = "due-at-result",
        Exempt = "exempt",
    }
}

wire_enum! {
    /// The electronic receipt: pending (offline, to issue when connected) or issued.
    pub enum EReceiptState { Pending = "pending", Issued = "issued" }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct SetupInput {
    pub unit: UnitSettings,
    pub desk_name: String,
    /// Full name of the first account (an administrator).
    pub clerk_name: String,
    /// Sign-in name of the first account.
    pub username: String,
    /// Its password (at least 8 characters); stored only as an argon2id hash.
    pub password: String,
    pub load_demo_catalogue: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct AppStatus {
    pub initialized: bool,
    pub unit: Option<UnitSettings>,
    pub desk_name: Option<String>,
    pub clerk_name: Option<String>,
    pub locale: Locale,
    pub db_path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: String,
    pub duration_text: String,
    pub fee_text: String,
    pub online_only: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/", rename = "Procedure")]
pub struct ProcedureView {
    pub code: String,
    pub local_code: Option<String>,
    pub name: String,
    pub field: String,
    pub authority: String,
    pub duration_text: String,
    pub fee_text: String,
    pub documents: Vec<RequiredDocumentView>,
    /// Built by `catalogue::view` from [`motcua_protocol::catalogue::Channel`] / [`motcua_protocol::catalogue::Delivery`].
    pub channels: Vec<motcua_protocol::catalogue::Channel>,
    pub delivery: Vec<motcua_protocol::catalogue::Delivery>,
    pub online_only: bool,
    pub sets: u32,
    pub fee_kind: FeeKind,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(
    export,
    export_to = "../ui/src/lib/bindings/",
    rename = "RequiredDocument"
)]
pub struct RequiredDocumentView {
    pub name: String,
    pub required: bool,
    pub original: u32,
    pub certified: u32,
    pub photocopy: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DuePreview {
    /// RFC 3339 UTC; null when the procedure has no fixed appointment.
    pub due_at: Option<String>,
    /// "09:32 05/02/2026" in Vietnam time, or "Không hẹn ngày trả".
    pub due_local_text: String,
    pub explanation: String,
}

/// Người nộp / chủ hồ sơ.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct Applicant {
    pub full_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DocumentReceived {
    pub name: String,
    pub original: u32,
    pub certified: u32,
    pub photocopy: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct IntakeInput {
    pub procedure_code: String,
    /// RFC 3339; null means now.
    pub received_at: Option<String>,
    /// Why a dossier received earlier is typed in only now (required when `received_at` is more
    /// than a few minutes in the past; audited). See `backdate`.
    #[serde(default)]
    #[ts(optional)]
    pub received_reason: Option<String>,
    pub submitter: Applicant,
    pub owner: Option<Applicant>,
    pub documents: Vec<DocumentReceived>,
    pub sets_count: u32,
    /// Validated by `intake::save` against the procedure's deliveries.
    #[ts(as = "motcua_protocol::catalogue::Delivery")]
    pub delivery: String,
    /// A due time set by hand instead of the computed one (needs a reason; recorded in the history).
    #[serde(default)]
    #[ts(optional)]
    pub due_override: Option<DueOverride>,
    /// accept (default) | supplement (incomplete: Mẫu 02) | refuse (Mẫu 03).
    #[serde(default)]
    #[ts(optional, as = "Option<Outcome>")]
    pub outcome: Option<String>,
    /// What is missing, for a supplement request (each document once).
    #[serde(default)]
    #[ts(optional)]
    pub missing: Option<Vec<MissingItem>>,
    #[serde(default)]
    #[ts(optional)]
    pub refusal_reason: Option<String>,
    /// citizen (default) | business | agency | organisation
    #[serde(default)]
    #[ts(optional, as = "Option<OwnerKind>")]
    pub owner_kind: Option<String>,
    /// owner | relative | proxy (a proxy needs the authorisation document)
    #[serde(default)]
    #[ts(optional, as = "Option<SubmitterRole>")]
    pub submitter_role: Option<String>,
    /// Giấy ủy quyền: number and date of the authorisation.
    #[serde(default)]
    #[ts(optional)]
    pub authorisation: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub fee: Option<FeeInput>,
}

/// One missing document of a supplement request (Mẫu 02).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct MissingItem {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct FeeReceiptInfo {
    pub series: String,
    pub number: u32,
    pub e_receipt_state: EReceiptState,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct FeePreview {
    #[ts(type = "number")]
    pub amount: i64,
    /// "4.000 đồng"
    pub text: String,
    pub explanation: String,
}

/// A person seen at the desk before (người nộp đã từng nộp hồ sơ).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ApplicantHit {
    pub applicant: Applicant,
    pub last_seen: String,
    pub dossier_count: u32,
}

/// Điều chỉnh ngày hẹn trả: the new due time (RFC 3339) and why.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DueOverride {
    pub due_at: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DossierSummary {
    pub id: String,
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub submitter_name: String,
    pub id_number: String,
    pub received_at: String,
    pub due_at: Option<String>,
    pub status: motcua_protocol::status::Status,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DossierEvent {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct PrintRecord {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub target: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DossierView {
    pub summary: DossierSummary,
    pub submitter: Applicant,
    pub owner: Option<Applicant>,
    pub documents: Vec<DocumentReceived>,
    pub sets_count: u32,
    pub delivery: motcua_protocol::catalogue::Delivery,
    pub due_explanation: String,
    pub fee_text: String,
    pub ledger_book: String,
    #[ts(type = "number")]
    pub ledger_number: i64,
    pub events: Vec<DossierEvent>,
    pub prints: Vec<PrintRecord>,
    pub outcome: DossierOutcome,
    pub missing: Vec<MissingItem>,
    pub refusal_reason: Option<String>,
    pub owner_kind: OwnerKind,
    pub submitter_role: SubmitterRole,
    pub authorisation: String,
    #[ts(type = "number")]
    pub fee_amount: i64,
    pub fee_state: FeeState,
    pub fee_receipt: Option<FeeReceiptInfo>,
    /// Form kinds this dossier prints: receipt, supplement-request, refusal, fee-receipt.
    pub forms: Vec<FormKind>,
    /// Allowed but uncertain details to double-check (e.g. a legacy 9-digit ID), in the UI language.
    pub warnings: Vec<String>,
    /// The appointment given at intake (RFC 3339), only when it was extended (gia hạn, Mẫu 04):
    /// `summary.due_at` is then the extended one. The receipt, the ledger and the on-time
    /// statistics keep this first one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub first_due_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct PrintOutcome {
    pub printer: Option<String>,
    pub job: String,
    pub message: String,
}

/// The ID card's QR string, parsed: the card when `ok`, else every problem found.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct IdCardParse {
    pub ok: bool,
    pub card: Option<crate::identity::idcard::IdCard>,
    pub problems: Vec<IdCardProblem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct IdCardProblem {
    pub field: String,
    pub message: String,
}

impl From<Result<crate::identity::idcard::IdCard, Vec<crate::identity::idcard::Problem>>>
    for IdCardParse
{
    fn from(
        r: Result<crate::identity::idcard::IdCard, Vec<crate::identity::idcard::Problem>>,
    ) -> Self {
        match r {
            Ok(card) => IdCardParse {
                ok: true,
                card: Some(card),
                problems: Vec::new(),
            },
            Err(problems) => IdCardParse {
                ok: false,
                card: None,
                problems: problems
                    .into_iter()
                    .map(|p| IdCardProblem {
                        field: p.field.to_string(),
                        message: p.message,
                    })
                    .collect(),
            },
        }
    }
}

/// The kinds of form the desk prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub enum FormKind {
    /// Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    SupplementRequest,
    /// Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// Biên lai thu phí, lệ phí.
    FeeReceipt,
    /// Mẫu 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (after an extension).
    Apology,
    /// Mẫu 05 Thông báo dừng giải quyết hồ sơ (withdrawn or stopped).
    Stop,
    /// Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ (from the history).
    ControlSheet,
    /// Biên nhận trả kết quả giải quyết hồ sơ (after the hand-out).
    Handover,
}

wire_str_eq!(FormKind);

impl FormKind {
    pub const ALL: [FormKind; 8] = [
        FormKind::Receipt,
        FormKind::SupplementRequest,
        FormKind::Refusal,
        FormKind::FeeReceipt,
        FormKind::Apology,
        FormKind::Stop,
        FormKind::ControlSheet,
        FormKind::Handover,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Receipt => "receipt",
            FormKind::SupplementRequest => "supplement-request",
            FormKind::Refusal => "refusal",
            FormKind::FeeReceipt => "fee-receipt",
            FormKind::Apology => "apology",
            FormKind::Stop => "stop",
            FormKind::ControlSheet => "control-sheet",
            FormKind::Handover => "handover",
        }
    }

    pub fn parse(s: &str) -> Result<FormKind> {
        FormKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                Error::invalid(
                    "unknown_form",
                    Some("kind"),
                    t!("forms.unknown", kind = s.trim()),
                )
            })
    }
}

/// What the clerk tells about the fee at intake.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct FeeInput {
    /// Số bản / số trường hợp.
    pub copies: u32,
    /// Pages of the original (per-page fees, e.g. chứng thực bản sao).
    pub pages: u32,
    /// Miễn phí with the reason (e.g. hộ nghèo, người có công), or null.
    pub exempt_reason: Option<String>,
    /// When the fee is collected ([`FeeCollect`]); checked by [`crate::reference::fees::compute`].
    #[ts(as = "FeeCollect")]
    pub collect_at: String,
    /// How it is paid ([`FeeMethod`]); checked by [`crate::reference::fees::compute`].
    #[ts(as = "FeeMethod")]
    pub method: String,
}

wire_enum! {
    /// When the fee is collected: at intake (thu trước) or when the result is handed out.
    pub enum FeeCollect { Intake = "intake", Result = "result" }
}

wire_enum! {
    /// How the fee is paid.
    pub enum FeeMethod { Cash = "cash", Transfer = "transfer" }
}

impl Default for FeeInput {
    fn default() -> Self {
        FeeInput {
            copies: 1,
            pages: 1,
            exempt_reason: None,
            collect_at: FeeCollect::Intake.as_str().into(),
            method: FeeMethod::Cash.as_str().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::register::{Filter, Sort};
    use crate::reference::fees::{FeeCollect, FeeMethod};
    use FormKind;
    use motcua_protocol::status::Status;

    /// Each value crosses IPC with the spelling the database, the CLI and the UI use (`as_str`),
    /// and serde refuses any other spelling.
    fn same_spelling<T>(all: &[T], as_str: impl Fn(&T) -> &'static str)
    where
        T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for v in all {
            let wire = serde_json::to_value(v).expect("serialises");
            assert_eq!(wire, serde_json::json!(as_str(v)), "{v:?}");
            let back: T = serde_json::from_value(wire).expect("deserialises");
            assert_eq!(&back, v);
        }
        assert!(serde_json::from_value::<T>(serde_json::json!("flying")).is_err());
    }

    #[test]
    fn wire_enums_keep_their_spelling_and_refuse_others() {
        same_spelling(Locale::ALL, |v| v.as_str());
        same_spelling(ReportFormat::ALL, |v| v.as_str());
        same_spelling(Outcome::ALL, |v| v.as_str());
        same_spelling(DossierOutcome::ALL, |v| v.as_str());
        same_spelling(OwnerKind::ALL, |v| v.as_str());
        same_spelling(SubmitterRole::ALL, |v| v.as_str());
        same_spelling(FeeKind::ALL, |v| v.as_str());
        same_spelling(FeeState::ALL, |v| v.as_str());
        same_spelling(EReceiptState::ALL, |v| v.as_str());
        same_spelling(FeeCollect::ALL, |v| v.as_str());
        same_spelling(FeeMethod::ALL, |v| v.as_str());
        same_spelling(&Status::ALL, |v| v.as_str());
        same_spelling(&FormKind::ALL, |v| v.as_str());
        same_spelling(&Filter::ALL, |v| v.as_str());
        same_spelling(&[Sort::ReceivedDesc, Sort::DueAsc, Sort::Code], |v| {
            v.as_str()
        });
        let d = [
            motcua_protocol::catalogue::Delivery::Counter,
            motcua_protocol::catalogue::Delivery::Post,
            motcua_protocol::catalogue::Delivery::Online,
        ];
        same_spelling(&d, |v| v.as_str());
        assert!(Status::InProcessing == "in-processing");
        assert_eq!(
            Status::parse(Status::ResultReady),
            Some(Status::ResultReady)
        );
    }

    #[test]
    fn a_bad_argument_is_a_typed_error_on_that_argument() {
        crate::i18n::set_locale("vi");
        let e = crate::Error::bad_argument("to", &"x".repeat(10_000)).to_wire();
        assert_eq!(e.code, "invalid_argument");
        assert_eq!(e.field.as_deref(), Some("to"));
        assert!(e.message.contains("\"to\""), "{}", e.message);
        assert!(e.message.chars().count() < 400, "the detail is cut short");
    }
}
