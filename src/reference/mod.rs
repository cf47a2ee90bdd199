//! The unit's reference data, set up by the admin and read by every dossier: the desk and unit
//! settings (thông tin đơn vị), the holiday calendar (lịch nghỉ lễ), the procedure catalogue (danh
//! mục thủ tục hành chính) with its online-only flags, the signers of letters (người ký), and the
//! fee rules (phí, lệ phí).

pub mod catalogue;
pub mod desk;
pub mod fees;
pub mod holidays;
pub mod online_only;
pub mod signers;
