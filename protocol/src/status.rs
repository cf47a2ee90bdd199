//! Trạng thái hồ sơ: the dossier's local status, the moves allowed between statuses (and which
//! need a reason), and the mapping to the national TrangThaiHoSo codes 1-10. The desk enforces
//! the table when a clerk moves a dossier; the portal enforces the same table on what desks push
//! and on the back office's moves.

use serde::{Deserialize, Serialize};

/// The desk's local status. Finer than the national 1-10 code it maps onto
/// ([`Status::national`]); fee state and sync state are kept apart from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../ui/src/lib/bindings/")
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Đã tiếp nhận (national 2 Được tiếp nhận).
    Received,
    /// Đang xử lý (4).
    InProcessing,
    /// Chờ bổ sung (5).
    SupplementRequested,
    /// Không được tiếp nhận (3).
    Refused,
    /// Công dân rút hồ sơ (7).
    Withdrawn,
    /// Dừng xử lý (8).
    Stopped,
    /// Có kết quả, chờ trả (9).
    ResultReady,
    /// Đã trả kết quả (10).
    HandedOut,
    /// Đã hỗ trợ nộp trực tuyến (national 1 Mới đăng ký): an online-only procedure.
    SubmittedOnline,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::SubmittedOnline,
        Status::Received,
        Status::InProcessing,
        Status::SupplementRequested,
        Status::Refused,
        Status::Withdrawn,
        Status::Stopped,
        Status::ResultReady,
        Status::HandedOut,
    ];

    /// The wire and storage name (`in-processing`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProcessing => "in-processing",
            Status::SupplementRequested => "supplement-requested",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
            Status::Stopped => "stopped",
            Status::ResultReady => "result-ready",
            Status::HandedOut => "handed-out",
            Status::SubmittedOnline => "submitted-online",
        }
    }

    pub fn parse(s: impl AsRef<str>) -> Option<Status> {
        let s = s.as_ref();
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// TrangThaiHoSo of the national portal (1-10).
    pub fn national(self) -> u8 {
        match self {
            Status::SubmittedOnline => 1,
            Status::Received => 2,
            Status::Refused => 3,
            Status::InProcessing => 4,
            Status::SupplementRequested => 5,
            Status::Withdrawn => 7,
            Status::Stopped => 8,
            Status::ResultReady => 9,
            Status::HandedOut => 10,
        }
    }

    /// The status in Vietnamese, as the portal shows it (the desk translates with its locale
    /// files; `locales/vi.yml` `status.*` holds the same words, checked by a desk test).
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::SubmittedOnline => "Đã hỗ trợ nộp trực tuyến",
            Status::Received => "Đã tiếp nhận",
            Status::InProcessing => "Đang xử lý",
            Status::SupplementRequested => "Chờ bổ sung",
            Status::Refused => "Không được tiếp nhận",
            Status::Withdrawn => "Công dân rút hồ sơ",
            Status::Stopped => "Dừng xử lý",
            Status::ResultReady => "Có kết quả, chờ trả",
            Status::HandedOut => "Đã trả kết quả",
        }
    }
}

/// TrangThaiHoSo, the national portal's dossier status code, with its official name. National 6
/// (Chờ thực hiện nghĩa vụ tài chính) has no local status: no local move leads to it.
pub fn national_name(code: u8) -> Option<&'static str> {
    Some(match code {
        1 => "Mới đăng ký",
        2 => "Được tiếp nhận",
        3 => "Không được tiếp nhận",
        4 => "Đang xử lý",
        5 => "Yêu cầu bổ sung giấy tờ",
        6 => "Yêu cầu thực hiện nghĩa vụ tài chính",
        7 => "Công dân yêu cầu rút hồ sơ",
        8 => "Dừng xử lý",
        9 => "Đã xử lý xong",
        10 => "Đã trả kết quả",
        _ => return None,
    })
}

impl Status {
    /// Whether reaching this status ends processing (kết thúc xử lý): the moment the first such
    /// status is reached is NgayKetThucXuLy, the date QĐ 766's on-time formula compares with the
    /// appointment (NgayHenTra). Result ready (9) ends it; so do the ends without a result:
    /// refused (3), withdrawn (7), stopped (8). Handed out (10) only follows result ready, so it
    /// never comes first. Chờ bổ sung (5) pauses the clock and does not end processing.
    pub fn ends_processing(self) -> bool {
        matches!(
            self,
            Status::ResultReady
                | Status::HandedOut
                | Status::Refused
                | Status::Withdrawn
                | Status::Stopped
        )
    }

    /// TrangThaiHoSo as the national portal takes it: a string (`"2"`, `"10"`; both public
    /// implementations send strings, opencps-v2 `String.valueOf`, Thanh Hóa `string` DTOs).
    pub fn national_code(self) -> String {
        self.national().to_string()
    }
}

/// NgayKetThucXuLy (QĐ 766): when processing ended, i.e. the time of the first step, in order,
/// that moved the dossier into a status that [`Status::ends_processing`]. `None` while it is
/// still being processed. Steps are `(to_status, at)`; the first match wins, so a later hand-out
/// does not move the end.
pub fn processing_ended_at<'a>(
    steps: impl IntoIterator<Item = (Option<Status>, &'a str)>,
) -> Option<&'a str> {
    steps
        .into_iter()
        .find(|(to, _)| to.is_some_and(Status::ends_processing))
        .map(|(_, at)| at)
}

/// Whether a dossier counts as on time, as QĐ 766's index counts it and the desk's day report
/// does (src/report.rs): processing ended (NgayKetThucXuLy) at or before the appointment
/// (NgayHenTra; none: on time), the citizen was asked for a supplement at most once, and the
/// appointment was not extended with an apology (Mẫu 04). The appointment already excludes the
/// time spent waiting for a supplement (the clock pauses), so no other correction is made.
pub fn on_time(
    ended: chrono::DateTime<chrono::Utc>,
    due: Option<chrono::DateTime<chrono::Utc>>,
    supplement_rounds: u32,
    extended: bool,
) -> bool {
    !extended && supplement_rounds <= 1 && due.is_none_or(|d| ended <= d)
}

/// Whether a dossier may move from `from` to `to`.
///
/// The table (domain.md, "Statuses"; the national codes are in brackets):
/// - **received (2)** → in-processing (4), supplement-requested (5), withdrawn (7), stopped (8),
///   result-ready (9). A received dossier is handed over for processing; the clerk may ask for a
///   supplement (the clock pauses); the citizen may withdraw it (7); processing may be stopped (8);
///   and a result may be ready straight away (same-day procedures such as chứng thực, which the
///   desk itself settles).
/// - **in-processing (4)** → supplement-requested (5), withdrawn (7), stopped (8), result-ready (9).
///   The same as above, minus going back to "received".
/// - **supplement-requested (5)** → received (2), in-processing (4): the supplement arrived and the
///   clock resumes (domain.md: "waiting for a supplement pauses the clock; the new appointment
///   moves by the pause"); or withdrawn (7) / stopped (8): the citizen gives up or the supplement
///   never comes. It cannot jump to result-ready: a dossier still missing papers has no result.
/// - **result-ready (9)** → handed-out (10) only: "the desk owns 9 → 10" (domain.md), and only
///   through the desk's hand-out, which records who received it.
/// - **refused (3), withdrawn (7), stopped (8), handed-out (10)**: final, nothing follows. A refused
///   dossier was never received; a new submission is a new intake with a new code.
/// - **submitted-online (1)**: final for the desk. The desk only helped the citizen submit an
///   online-only procedure; the dossier lives on the online portal, whose own status flow the desk
///   does not drive (domain.md is silent here; this is our decision).
///
/// Also our decisions where domain.md is silent: nothing moves to refused (3) after intake (a
/// refusal is an intake outcome, Mẫu 03), and nothing moves to submitted-online (1); national 6
/// (financial obligation) has no local status, so no transition leads to it; staying in the same
/// status is not a transition.
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    match from {
        Received => matches!(
            to,
            InProcessing | SupplementRequested | Withdrawn | Stopped | ResultReady
        ),
        InProcessing => matches!(to, SupplementRequested | Withdrawn | Stopped | ResultReady),
        SupplementRequested => matches!(to, Received | InProcessing | Withdrawn | Stopped),
        ResultReady => matches!(to, HandedOut),
        Refused | Withdrawn | Stopped | HandedOut | SubmittedOnline => false,
    }
}

/// Whether moving to `to` needs a reason: the citizen's withdrawal (7) and stopping processing (8)
/// must say why (both are reported to the national portal and end the dossier).
pub fn needs_reason(to: Status) -> bool {
    matches!(to, Status::Withdrawn | Status::Stopped)
}

/// The one statement that moves a dossier's status (and its national code) on either end,
/// guarded by the old status so a change made meanwhile elsewhere is refused rather than
/// overwritten. Binds: `$1` new status, `$2` national code, `$3` time, `$4` id, `$5` old status.
/// Both ends' tables have these columns; `$n` placeholders work on SQLite and PostgreSQL.
pub const MOVE_SQL: &str = "UPDATE dossier SET status = $1, national_status = $2, updated_at = $3 WHERE id = $4 AND status = $5";

/// [`MOVE_SQL`] for a move into "chờ bổ sung": remembers the status it paused from, and when
/// the pause began (`$6`; the desk's time, which on the portal may differ from `$3`).
pub const PAUSE_SQL: &str = "UPDATE dossier SET status_before_pause = status, status = $1, national_status = $2, updated_at = $3, paused_at = $6 WHERE id = $4 AND status = $5";

/// [`MOVE_SQL`] for a move out of "chờ bổ sung" without a resume: the pause is forgotten.
pub const UNPAUSE_SQL: &str = "UPDATE dossier SET status_before_pause = NULL, paused_at = NULL, status = $1, national_status = $2, updated_at = $3 WHERE id = $4 AND status = $5";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_serde_uses_them() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::from(s.as_str())
            );
            assert!(national_name(s.national()).is_some());
        }
        assert_eq!(Status::parse("paused"), None);
        assert!(national_name(0).is_none() && national_name(11).is_none());
        assert_eq!(
            national_name(6),
            Some("Yêu cầu thực hiện nghĩa vụ tài chính")
        );
    }

    #[test]
    fn processing_ends_at_the_first_ending_status_and_on_time_compares_with_the_appointment() {
        let steps = [
            (Some(Status::InProcessing), "a"),
            (None, "b"),
            (Some(Status::SupplementRequested), "c"),
            (Some(Status::ResultReady), "d"),
            (Some(Status::HandedOut), "e"),
        ];
        assert_eq!(processing_ended_at(steps), Some("d"));
        assert_eq!(
            processing_ended_at([(Some(Status::Stopped), "x")]),
            Some("x")
        );
        assert_eq!(
            processing_ended_at([(Some(Status::InProcessing), "x")]),
            None
        );
        let t = |h: u32| {
            chrono::DateTime::parse_from_rfc3339(&format!("2026-11-27T{h:02}:00:00Z"))
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        assert!(on_time(t(10), Some(t(10)), 1, false));
        assert!(!on_time(t(11), Some(t(10)), 0, false));
        assert!(!on_time(t(9), Some(t(10)), 2, false));
        assert!(!on_time(t(9), Some(t(10)), 0, true));
        assert!(on_time(t(9), None, 0, false));
        assert_eq!(Status::HandedOut.national_code(), "10");
    }

    #[test]
    fn national_codes_are_distinct() {
        let mut codes: Vec<u8> = Status::ALL.iter().map(|s| s.national()).collect();
        codes.sort();
        assert_eq!(codes, vec![1, 2, 3, 4, 5, 7, 8, 9, 10]);
    }

    #[test]
    fn only_stopping_needs_a_reason_and_finals_are_final() {
        assert!(needs_reason(Status::Withdrawn) && needs_reason(Status::Stopped));
        assert!(!needs_reason(Status::InProcessing));
        for from in [Status::Refused, Status::HandedOut, Status::SubmittedOnline] {
            assert!(Status::ALL.iter().all(|&to| !allowed(from, to)));
        }
        assert!(allowed(Status::ResultReady, Status::HandedOut));
        assert!(!allowed(Status::Received, Status::HandedOut));
    }
}

impl AsRef<str> for Status {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A status compares with its wire spelling (`status == "received"`).
impl PartialEq<&str> for Status {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Status {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
