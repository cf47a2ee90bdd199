// `sqlx::migrate!` embeds the migration folders at compile time but does not notice a new file.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
