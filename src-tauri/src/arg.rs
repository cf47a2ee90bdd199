//! Typed command arguments whose refusal is a `{code, message, field}` error like any other.

use serde::Deserialize;
use tauri::Runtime;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};

/// A command argument that must deserialise into `T` (a closed enum such as a status or a form
/// kind, a typed query): serde refuses an unknown value at the boundary, before the command runs,
/// and the refusal crosses IPC as `invalid_argument` on that argument (Tauri's own refusal would
/// be a bare English string).
pub struct Arg<T>(pub T);

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(item: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let key = item.key;
        T::deserialize(item)
            .map(Arg)
            .map_err(|e| refusal(key, &e.to_string()))
    }
}

fn refusal(key: &'static str, detail: &str) -> InvokeError {
    let wire = motcua::Error::bad_argument(key, detail).to_wire();
    InvokeError(serde_json::to_value(wire).unwrap_or_else(|_| {
        serde_json::json!({
            "code": "invalid_argument",
            "message": key,
        })
    }))
}
