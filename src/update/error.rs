//! Why an update was refused. Every message is Vietnamese and says that the running version
//! keeps working.

use crate::Error;

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(
        "Không kết nối được cổng để kiểm tra cập nhật ({0}). Phần mềm hiện tại vẫn dùng bình thường."
    )]
    Network(String),
    #[error("Cổng trả lời lỗi khi kiểm tra cập nhật: {0}. Phần mềm hiện tại vẫn dùng bình thường.")]
    Portal(String),
    #[error(
        "Gói cập nhật tải về chưa đủ ({got}/{size} byte); lần sau sẽ tải tiếp. Phần mềm hiện tại vẫn dùng bình thường."
    )]
    Truncated { got: u64, size: u64 },
    #[error(
        "Gói cập nhật tải về bị hỏng hoặc đã bị sửa (mã băm SHA-256 không khớp): đã từ chối và xóa. Phần mềm hiện tại vẫn dùng bình thường."
    )]
    HashMismatch,
    #[error(
        "Gói cập nhật không có chữ ký hợp lệ của nhóm phát hành ({0}): đã từ chối. Phần mềm hiện tại vẫn dùng bình thường."
    )]
    Signature(String),
    #[error(
        "Bản {offered} không mới hơn bản đang chạy ({current}): không cập nhật xuống hoặc cài lại. Phần mềm hiện tại vẫn dùng bình thường."
    )]
    NotNewer { offered: String, current: String },
    #[error("Chưa có bản cập nhật nào đã tải về và kiểm tra xong.")]
    NothingReady,
    #[error(
        "Không chạy được trình cài đặt bản cập nhật: {0}. Phần mềm hiện tại vẫn dùng bình thường."
    )]
    Install(String),
}

impl UpdateError {
    pub fn code(&self) -> &'static str {
        match self {
            UpdateError::Network(_) => "update_network",
            UpdateError::Portal(_) => "update_portal",
            UpdateError::Truncated { .. } => "update_truncated",
            UpdateError::HashMismatch => "update_hash_mismatch",
            UpdateError::Signature(_) => "update_bad_signature",
            UpdateError::NotNewer { .. } => "update_not_newer",
            UpdateError::NothingReady => "update_nothing_ready",
            UpdateError::Install(_) => "update_install_failed",
        }
    }
}

impl From<UpdateError> for Error {
    fn from(e: UpdateError) -> Error {
        Error::invalid(e.code(), None, e.to_string())
    }
}
