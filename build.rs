fn main() {
    // sqlx::migrate! does not notice new migration files by itself (stack-notes.md).
    println!("cargo:rerun-if-changed=migrations");
}
