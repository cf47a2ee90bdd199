//! Một Cửa Desk app shell: opens the desk database and exposes the core through thin commands.

mod arg;
mod cmd;
mod error;
pub mod launch;
mod state;

use tauri::Manager;

/// Starts the app. The database is `MOTCUA_DB` or the OS data directory (see `motcua::store`).
pub fn run() {
    motcua::i18n::init_from_env();
    let launch = match launch::parse(std::env::args_os().skip(1)) {
        launch::Action::Run(l) => l,
        launch::Action::PrintVersion(v) => {
            println!("{v}");
            return;
        }
        launch::Action::Usage(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .setup(move |app| {
            // Cài đặt quầy: a fresh desk with a provisioning file is enrolled before it opens, so
            // the first screen is the sign-in; a refusal is shown on the setup screen.
            let db_path = motcua::store::resolve_path(None);
            let notice = match tauri::async_runtime::block_on(motcua::provision::at_first_start(
                &db_path,
                launch.provision.as_deref(),
            )) {
                Some(Err(e)) => {
                    eprintln!(
                        "Một Cửa Desk: provisioning: {}",
                        motcua::mask::text(&e.to_string())
                    );
                    Some(e.to_wire())
                }
                _ => None,
            };
            app.manage(cmd::about::ProvisionNotice(std::sync::Mutex::new(notice)));
            let state = tauri::async_runtime::block_on(state::AppState::open())?;
            // Background sync: runs whenever the portal is reachable, woken after each change.
            tauri::async_runtime::spawn(motcua::sync::run_forever(
                state.db.clone(),
                state.db_path.clone(),
                state.sync_wake.clone(),
            ));
            // Sao lưu hằng ngày: a checked, encrypted copy beside the database, 14 days kept.
            tauri::async_runtime::spawn(motcua::store::backup::run_daily_forever(
                state.db.clone(),
                motcua::store::backup::daily_dir(&state.db_path),
                motcua::store::backup::DEFAULT_KEEP,
            ));
            // Cập nhật: a few times a day, fetch and verify a newer release in the background;
            // the banner offers the restart.
            tauri::async_runtime::spawn(motcua::update::run_forever(state.db_path.clone()));
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            cmd::desk::app_status,
            cmd::desk::setup,
            cmd::desk::set_locale,
            cmd::catalogue::search_procedures,
            cmd::catalogue::get_procedure,
            cmd::intake::preview_due,
            cmd::intake::save_intake,
            cmd::dossiers::list_dossiers,
            cmd::dossiers::get_dossier,
            cmd::intake::preview_fee,
            cmd::forms::form_pdf,
            cmd::forms::save_form,
            cmd::forms::print_form,
            cmd::applicants::search_applicants,
            cmd::applicants::open_dossiers,
            cmd::applicants::parse_idcard,
            cmd::sync::sync_status,
            cmd::sync::sync_now,
            cmd::sync::sync_problems,
            cmd::sync::enroll,
            cmd::register::search_register,
            cmd::register::result_ready_count,
            cmd::lifecycle::move_dossier,
            cmd::lifecycle::hand_out,
            cmd::lifecycle::extend_due,
            cmd::lifecycle::correct_dossier,
            cmd::report::day_report,
            cmd::report::save_day_report,
            cmd::session::session_status,
            cmd::session::sign_in,
            cmd::session::sign_out,
            cmd::session::lock_session,
            cmd::session::unlock_session,
            cmd::accounts::list_accounts,
            cmd::accounts::create_account,
            cmd::accounts::reset_password,
            cmd::accounts::change_password,
            cmd::accounts::set_account_active,
            cmd::accounts::set_idle_lock_minutes,
            cmd::about::about,
            cmd::about::provision_notice,
            cmd::integrity::integrity_status,
            cmd::update::update_status,
            cmd::update::update_restart,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!(
            "Một Cửa Desk could not start: {}",
            motcua::mask::text(&e.to_string())
        );
        std::process::exit(1);
    }
}
