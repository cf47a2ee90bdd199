//! Errors cross IPC as `{code, message, field}` with the message already translated.

use serde::{Serialize, Serializer};

pub struct CmdError(pub motcua::Error);

impl From<motcua::Error> for CmdError {
    fn from(e: motcua::Error) -> Self {
        CmdError(e)
    }
}

impl Serialize for CmdError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.to_wire().serialize(s)
    }
}

pub type CmdResult<T> = Result<T, CmdError>;
