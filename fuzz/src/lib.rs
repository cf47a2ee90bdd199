//! Fuzzing on stable Rust for every parser of outside input (issue 7, item 7).
//!
//! There is no nightly toolchain here, so no `cargo fuzz`/libFuzzer. Each target
//! (`fuzz/tests/<target>.rs`) has two kinds of test, both bounded in time:
//!
//! - [`mutate`]: a mutation fuzzer over a seed corpus (`fuzz/corpus/<target>/*`, real valid
//!   inputs from the repository's tests and fixtures). Every corpus file is run first (a
//!   regression suite), then random byte, token, splice and JSON-structure mutations of the pool.
//!   There is no coverage instrumentation on stable: an input joins the pool when it produces an
//!   outcome (the target's own summary of what happened, e.g. which error) not seen before.
//! - [`generated`]: proptest with structured generators of *valid* inputs and exact properties
//!   (round trips: a generated ID-card QR string parses to the fields it was built from).
//!
//! A panic or a failed property is a failure: the input is printed and saved under
//! `fuzz/artifacts/<target>/`, with the command that replays it. A case running longer than
//! `MOTCUA_FUZZ_CASE_TIMEOUT` seconds (a hang) is saved and fails the run.
//!
//! Environment:
//! - `MOTCUA_FUZZ_SECONDS`: time per test (default 1; `scripts/fuzz.sh` uses 10),
//! - `MOTCUA_FUZZ_SEED`: the base seed (default: from the clock; always printed),
//! - `MOTCUA_FUZZ_CASES`: stop after this many cases (with a fixed seed: a reproducible run),
//! - `MOTCUA_FUZZ_REPLAY`: a file (an artifact): run only that input, in the target whose
//!   corpus/artifact directory it is in,
//! - `MOTCUA_FUZZ_CASE_TIMEOUT`: seconds one case may take (default 20, a debug build).

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;

pub use proptest;

/// Small, fast, seedable PRNG (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `num/den`.
    pub fn chance(&mut self, num: u32, den: u32) -> bool {
        self.below(den as usize) < num as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// FNV-1a, for names of artifacts and per-test seeds.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn env_f64(name: &str) -> Option<f64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Time per test: `MOTCUA_FUZZ_SECONDS`, default 1 s (what `cargo test --workspace` spends).
pub fn budget() -> Duration {
    let s = env_f64("MOTCUA_FUZZ_SECONDS").unwrap_or(1.0);
    Duration::from_secs_f64(s.clamp(0.0, 24.0 * 3600.0))
}

fn case_timeout() -> Duration {
    let s = env_f64("MOTCUA_FUZZ_CASE_TIMEOUT").unwrap_or(20.0);
    Duration::from_secs_f64(s.clamp(0.1, 3600.0))
}

fn max_cases() -> Option<u64> {
    std::env::var("MOTCUA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
}

/// The base seed: `MOTCUA_FUZZ_SEED` (decimal or 0x-hex), else from the clock.
pub fn base_seed() -> u64 {
    if let Ok(v) = std::env::var("MOTCUA_FUZZ_SEED") {
        let v = v.trim();
        let parsed = match v.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => v.parse().ok(),
        };
        if let Some(s) = parsed {
            return s;
        }
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

/// The fuzz crate's directory (corpus and artifacts live under it).
pub fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed inputs of a target, sorted by file name.
pub fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().to_string();
            std::fs::read(&p).ok().map(|b| (name, b))
        })
        .collect()
}

/// `Some(Some(path))` when `MOTCUA_FUZZ_REPLAY` names a file of this target (in its corpus or
/// artifact directory); `Some(None)` when it names another target's (skip this one). A relative
/// path is taken from the current directory, the workspace root or `fuzz/`.
fn replay_for(target: &str) -> Option<Option<PathBuf>> {
    let given = PathBuf::from(std::env::var_os("MOTCUA_FUZZ_REPLAY")?);
    let dir = fuzz_dir();
    let root = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = [given.clone(), root.join(&given), dir.join(&given)]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or(given);
    let owner = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().to_string());
    if owner.as_deref() != Some(target) {
        return Some(None);
    }
    Some(Some(path))
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Records where a panic happened (the payload alone has no location).
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(at));
            previous(info);
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-text panic payload)".into()
    }
}

/// The input for a person: as text when it is UTF-8 (escaped, cut at 4000 characters), else hex.
pub fn show(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => format!("{s:?}"),
        Err(_) => format!(
            "(not UTF-8) hex {}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    };
    if text.chars().count() > 4000 {
        let cut: String = text.chars().take(4000).collect();
        format!("{cut}… ({} bytes in all)", bytes.len())
    } else {
        text
    }
}

/// Saves a failing input under `fuzz/artifacts/<target>/<kind>-<hash>`; returns the path.
pub fn save_artifact(target: &str, kind: &str, bytes: &[u8], note: &str) -> PathBuf {
    let dir = fuzz_dir().join("artifacts").join(target);
    let path = dir.join(format!("{kind}-{:016x}", fnv(bytes)));
    let saved = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, bytes))
        .and_then(|_| std::fs::write(path.with_extension("txt"), note));
    if let Err(e) = saved {
        eprintln!("could not save {}: {e}", path.display());
    }
    path
}

fn reproduce_hint(target: &str, path: &Path) -> String {
    format!(
        "replay: MOTCUA_FUZZ_REPLAY={} cargo test -p motcua-fuzz --test {target}",
        path.display()
    )
}

/// Watches the case in flight; a case longer than the timeout is saved and the process ends.
struct Watchdog {
    current: Arc<Mutex<Option<(Instant, Arc<Vec<u8>>)>>>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(target: &str, seed: u64) -> Self {
        let current: Arc<Mutex<Option<(Instant, Arc<Vec<u8>>)>>> = Arc::new(Mutex::new(None));
        let done = Arc::new(AtomicBool::new(false));
        let (c, d, target) = (current.clone(), done.clone(), target.to_string());
        let limit = case_timeout();
        let thread = std::thread::spawn(move || {
            while !d.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                let slow = c
                    .lock()
                    .ok()
                    .and_then(|g| g.as_ref().map(|(t, b)| (t.elapsed(), b.clone())));
                if let Some((elapsed, bytes)) = slow
                    && elapsed > limit
                {
                    let note = format!("hang: one case ran over {limit:?}; seed {seed:#x}");
                    let path = save_artifact(&target, "timeout", &bytes, &note);
                    eprintln!(
                        "FUZZ HANG [{target}] a case ran over {limit:?} (seed {seed:#x})\ninput: {}\nsaved: {}\n{}",
                        show(&bytes),
                        path.display(),
                        reproduce_hint(&target, &path)
                    );
                    std::process::exit(101);
                }
            }
        });
        Watchdog {
            current,
            done,
            thread: Some(thread),
        }
    }

    fn enter(&self, bytes: &[u8]) {
        if let Ok(mut g) = self.current.lock() {
            *g = Some((Instant::now(), Arc::new(bytes.to_vec())));
        }
    }

    fn leave(&self) {
        if let Ok(mut g) = self.current.lock() {
            *g = None;
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// How a target mutates its inputs.
pub struct Mutation<'a> {
    /// Strings worth inserting (field names, enum values, separators, edge numbers).
    pub tokens: &'a [&'a str],
    /// The input is JSON: also mutate its structure (replace, drop, duplicate, add nodes).
    pub json: bool,
    /// Largest input kept (bytes).
    pub max_len: usize,
}

impl Default for Mutation<'_> {
    fn default() -> Self {
        Mutation {
            tokens: &[],
            json: false,
            max_len: 64 * 1024,
        }
    }
}

/// Tokens every target gets: separators, quotes, edge numbers, odd Unicode.
pub const COMMON_TOKENS: &[&str] = &[
    "|",
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e999",
    "-0",
    "0.5",
    "255",
    "256",
    "65536",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "99999999999999999999999",
    "\u{0}",
    "\r\n",
    " ",
    "\t",
    "\u{feff}",
    "\u{200b}",
    "\u{00ad}",
    "｜",
    "¦",
    "\u{303}",
    "\u{31b}",
    "ữ",
    "Đ",
    "\u{10ffff}",
    "😀",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "%",
    "-",
    "+84",
    "0000",
    "9999",
    "2026",
    "1899",
    "2200",
    "-01-",
    "T00:00:00Z",
    "+07:00",
    "24:00",
    "23:59:60",
    "02-29",
    "02-30",
];

/// Values a JSON node may become.
fn random_scalar(rng: &mut Rng, tokens: &[&str]) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(1, 2)),
        2 => Value::from(rng.next_u64() as i64),
        3 => Value::from(
            *rng.pick(&[
                0i64,
                -1,
                1,
                2,
                7,
                13,
                255,
                999,
                1000,
                1001,
                3660,
                3661,
                8001,
                i64::MAX,
                i64::MIN,
                u32::MAX as i64,
                u32::MAX as i64 + 1,
            ])
            .unwrap_or(&0),
        ),
        4 => Value::from(u64::MAX),
        5 => serde_json::Number::from_f64(*rng.pick(&[0.5, -1.5, 1e300, 2.0]).unwrap_or(&0.5))
            .map_or(Value::Null, Value::Number),
        6 => Value::String(String::new()),
        7 => Value::String("x".repeat(rng.below(300))),
        8 => Value::Array(Vec::new()),
        9 => Value::Object(serde_json::Map::new()),
        _ => {
            let t = rng
                .pick(tokens)
                .or_else(|| rng.pick(COMMON_TOKENS))
                .copied()
                .unwrap_or("");
            Value::String(t.to_string())
        }
    }
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

enum Step {
    Index(usize),
    Key(String),
}

/// The path to the `n`-th node in pre-order.
fn path_to(v: &Value, n: &mut usize, path: &mut Vec<Step>) -> bool {
    if *n == 0 {
        return true;
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter().enumerate().any(|(i, c)| {
            path.push(Step::Index(i));
            let found = path_to(c, n, path);
            if !found {
                path.pop();
            }
            found
        }),
        Value::Object(o) => o.iter().any(|(k, c)| {
            path.push(Step::Key(k.clone()));
            let found = path_to(c, n, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    }
}

fn random_node<'a>(rng: &mut Rng, v: &'a mut Value) -> &'a mut Value {
    let mut k = rng.below(count_nodes(v));
    let mut path = Vec::new();
    path_to(v, &mut k, &mut path);
    let mut node = v;
    for step in &path {
        node = match step {
            Step::Index(i) => &mut node[*i],
            Step::Key(key) => &mut node[key.as_str()],
        };
    }
    node
}

fn clone_random_node(rng: &mut Rng, v: &mut Value) -> Value {
    random_node(rng, v).clone()
}

/// One structural mutation of a JSON document.
pub fn mutate_json(rng: &mut Rng, doc: &mut Value, tokens: &[&str]) {
    let donor = clone_random_node(rng, doc);
    let node = random_node(rng, doc);
    let replacement = match &mut *node {
        Value::Object(o) if !o.is_empty() && rng.chance(2, 3) => {
            let keys: Vec<String> = o.keys().cloned().collect();
            let key = rng.pick(&keys).cloned().unwrap_or_default();
            match rng.below(4) {
                0 => {
                    o.remove(&key);
                }
                1 => {
                    let v = random_scalar(rng, tokens);
                    o.insert(key, v);
                }
                2 => {
                    let name = rng
                        .pick(tokens)
                        .copied()
                        .unwrap_or("unknown_field")
                        .to_string();
                    let v = random_scalar(rng, tokens);
                    o.insert(name, v);
                }
                _ => {
                    o.insert(key, donor);
                }
            }
            None
        }
        Value::Array(a) if !a.is_empty() && rng.chance(2, 3) => {
            let i = rng.below(a.len());
            match rng.below(4) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let c = a[i].clone();
                    let n = if rng.chance(1, 8) { 50 } else { 1 };
                    for _ in 0..n {
                        a.insert(i, c.clone());
                    }
                }
                2 => a[i] = random_scalar(rng, tokens),
                _ => a.push(donor),
            }
            None
        }
        Value::String(s) if rng.chance(1, 2) => {
            let mut b = s.clone().into_bytes();
            mutate_bytes_once(rng, &mut b, tokens, &[]);
            Some(Value::String(String::from_utf8_lossy(&b).to_string()))
        }
        Value::Number(n) if rng.chance(1, 2) => {
            let x = n.as_i64().unwrap_or(0);
            Some(Value::from(match rng.below(4) {
                0 => x.wrapping_add(1),
                1 => x.wrapping_sub(1),
                2 => x.wrapping_neg(),
                _ => x.wrapping_mul(1000),
            }))
        }
        _ => Some(if rng.chance(1, 3) {
            donor
        } else {
            random_scalar(rng, tokens)
        }),
    };
    if let Some(r) = replacement {
        *node = r;
    }
}

/// One byte-level mutation (AFL-style "havoc" step).
pub fn mutate_bytes_once(rng: &mut Rng, b: &mut Vec<u8>, tokens: &[&str], pool: &[Arc<Vec<u8>>]) {
    let len = b.len();
    match rng.below(11) {
        0 if len > 0 => {
            let i = rng.below(len);
            b[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            b[i] = *rng
                .pick(b"\0\x7f\x80\xff|\"\\{}[],:0123456789- \n\xc3\xe1")
                .unwrap_or(&0);
        }
        2 => {
            let i = rng.below(len + 1);
            b.insert(i, rng.next_u64() as u8);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(16));
            b.drain(i..i + n);
        }
        4 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(64));
            let chunk = b[i..i + n].to_vec();
            let at = rng.below(len + 1);
            b.splice(at..at, chunk);
        }
        5 | 6 => {
            let t = if rng.chance(1, 2) {
                rng.pick(tokens)
            } else {
                rng.pick(COMMON_TOKENS)
            };
            let t = t.copied().unwrap_or("|").as_bytes().to_vec();
            let at = rng.below(len + 1);
            if rng.chance(1, 3) && at < len {
                let end = (at + t.len()).min(len);
                b.splice(at..end, t);
            } else {
                b.splice(at..at, t);
            }
        }
        7 if !pool.is_empty() => {
            let other = &pool[rng.below(pool.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            b.truncate(cut);
            b.extend_from_slice(&other[from..]);
        }
        8 if len > 0 => {
            b.truncate(rng.below(len));
        }
        9 if len > 1 => {
            // Replace one UTF-8 character by another (keeps most text valid UTF-8).
            let s = String::from_utf8_lossy(b).to_string();
            let chars: Vec<char> = s.chars().collect();
            if !chars.is_empty() {
                let i = rng.below(chars.len());
                let c = char::from_u32((rng.next_u64() % 0x3000) as u32).unwrap_or('?');
                let out: String = chars
                    .iter()
                    .enumerate()
                    .map(|(k, x)| if k == i { c } else { *x })
                    .collect();
                *b = out.into_bytes();
            }
        }
        _ => {
            let i = rng.below(len + 1);
            let ascii = rng.next_u64() as u8 & 0x7f;
            b.insert(i, ascii);
        }
    }
}

/// A new input from a pool entry.
fn mutate_input(rng: &mut Rng, parent: &[u8], m: &Mutation<'_>, pool: &[Arc<Vec<u8>>]) -> Vec<u8> {
    if m.json
        && rng.chance(3, 5)
        && let Ok(mut doc) = serde_json::from_slice::<Value>(parent)
    {
        for _ in 0..1 + rng.below(3) {
            mutate_json(rng, &mut doc, m.tokens);
        }
        let out = if rng.chance(1, 2) {
            serde_json::to_vec(&doc)
        } else {
            serde_json::to_vec_pretty(&doc)
        };
        if let Ok(out) = out {
            return out;
        }
    }
    let mut b = parent.to_vec();
    let most = if rng.chance(1, 4) { 16 } else { 4 };
    let steps = 1 + rng.below(most);
    for _ in 0..steps {
        mutate_bytes_once(rng, &mut b, m.tokens, pool);
    }
    b.truncate(m.max_len);
    b
}

/// Statistics of one run, printed as one line (`scripts/fuzz.sh` collects them).
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub cases: u64,
    pub elapsed: Duration,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.cases as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

fn report(target: &str, mode: &str, seed: u64, s: Stats, extra: &str) {
    eprintln!(
        "FUZZ-STATS target={target} mode={mode} cases={} seconds={:.1} rate={:.0}/s seed={seed:#x}{extra}",
        s.cases,
        s.elapsed.as_secs_f64(),
        s.per_second()
    );
}

/// What a target says about one input: a short outcome class (which error, ok/err), used to
/// keep inputs that reach something new. Panics (failed properties) are failures.
pub type Outcome = String;

/// Runs `run` on one input; on a panic, saves the input and panics with the details.
fn run_case<F: FnMut(&[u8]) -> Outcome>(
    target: &str,
    seed: u64,
    run: &mut F,
    bytes: &[u8],
    dog: Option<&Watchdog>,
) -> Outcome {
    if let Some(d) = dog {
        d.enter(bytes);
    }
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    let result = panic::catch_unwind(AssertUnwindSafe(|| run(bytes)));
    if let Some(d) = dog {
        d.leave();
    }
    match result {
        Ok(o) => o,
        Err(payload) => {
            let msg = payload_text(payload.as_ref());
            let at = LAST_PANIC.with(|p| p.borrow().clone()).unwrap_or_default();
            let note = format!(
                "panic at {at}: {msg}\nseed {seed:#x}\ninput: {}\n",
                show(bytes)
            );
            let path = save_artifact(target, "crash", bytes, &note);
            panic!(
                "FUZZ FAILURE [{target}] panic at {at}: {msg}\ninput: {}\nsaved: {}\n{}\nseed: MOTCUA_FUZZ_SEED={seed:#x}",
                show(bytes),
                path.display(),
                reproduce_hint(target, &path)
            );
        }
    }
}

/// The mutation fuzzer: runs every corpus input, then mutations of the pool until the time
/// budget (or `MOTCUA_FUZZ_CASES`) is used up. `run` checks the properties (panics on a
/// violation) and returns the input's outcome class.
pub fn mutate<F>(
    target: &str,
    m: Mutation<'_>,
    mut fixup: impl FnMut(&mut Rng, Vec<u8>) -> Vec<u8>,
    mut run: F,
) -> Stats
where
    F: FnMut(&[u8]) -> Outcome,
{
    install_hook();
    let start = Instant::now();
    let seed = base_seed() ^ fnv(format!("{target}/mutate").as_bytes());
    match replay_for(target) {
        Some(None) => {
            return Stats {
                cases: 0,
                elapsed: start.elapsed(),
            };
        }
        Some(Some(path)) => {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("MOTCUA_FUZZ_REPLAY={}: {e}", path.display()));
            eprintln!(
                "replaying {} ({} bytes): {}",
                path.display(),
                bytes.len(),
                show(&bytes)
            );
            let o = run_case(target, seed, &mut run, &bytes, None);
            eprintln!("outcome: {o}");
            return Stats {
                cases: 1,
                elapsed: start.elapsed(),
            };
        }
        None => {}
    }
    let seeds = corpus(target);
    assert!(
        !seeds.is_empty(),
        "no corpus for {target}: add files under fuzz/corpus/{target}/"
    );
    let dog = Watchdog::start(target, seed);
    let mut rng = Rng::new(seed);
    let mut pool: Vec<Arc<Vec<u8>>> = Vec::new();
    let mut seen: HashSet<Outcome> = HashSet::new();
    let mut cases = 0u64;
    for (_, bytes) in &seeds {
        let o = run_case(target, seed, &mut run, bytes, Some(&dog));
        cases += 1;
        seen.insert(o);
        pool.push(Arc::new(bytes.clone()));
    }
    let budget = budget();
    let cap = max_cases();
    while start.elapsed() < budget && cap.is_none_or(|c| cases < c) {
        // Newer pool entries (new outcomes) are picked more often than the seeds.
        let i = if rng.chance(1, 2) && pool.len() > seeds.len() {
            seeds.len() + rng.below(pool.len() - seeds.len())
        } else {
            rng.below(pool.len())
        };
        let parent = pool[i].clone();
        let child = mutate_input(&mut rng, &parent, &m, &pool);
        let child = fixup(&mut rng, child);
        let o = run_case(target, seed, &mut run, &child, Some(&dog));
        cases += 1;
        if seen.len() < 10_000 && seen.insert(o) && pool.len() < 4096 {
            pool.push(Arc::new(child));
        }
    }
    drop(dog);
    let stats = Stats {
        cases,
        elapsed: start.elapsed(),
    };
    report(
        target,
        "mutate",
        seed,
        stats,
        &format!(" outcomes={} pool={}", seen.len(), pool.len()),
    );
    stats
}

/// No post-mutation fix-up.
pub fn no_fixup(_: &mut Rng, b: Vec<u8>) -> Vec<u8> {
    b
}

/// Structured fuzzing: proptest `strategy` generates valid inputs, `test` checks the exact
/// properties. Runs batches of cases until the time budget is used up; a failure is shrunk by
/// proptest, then `render` (the input as the parser sees it) is printed and saved.
pub fn generated<S, R, T>(target: &str, strategy: S, render: R, test: T) -> Stats
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    R: Fn(&S::Value) -> Vec<u8>,
    T: Fn(S::Value) -> Result<(), TestCaseError>,
{
    install_hook();
    let start = Instant::now();
    let seed = base_seed() ^ fnv(format!("{target}/generated").as_bytes());
    if replay_for(target).is_some() {
        return Stats {
            cases: 0,
            elapsed: start.elapsed(),
        };
    }
    let budget = budget();
    let cap = max_cases();
    let mut cases = 0u64;
    let mut batch = 0u64;
    loop {
        let batch_cases: u32 = 32;
        let mut key = [0u8; 32];
        let s = seed.wrapping_add(batch.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for (i, chunk) in key.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&Rng::new(s ^ i as u64).next_u64().to_le_bytes());
        }
        let config = Config {
            cases: batch_cases,
            failure_persistence: None,
            max_shrink_iters: 2048,
            max_shrink_time: 20_000,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
        match runner.run(&strategy, |v| test(v)) {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => {
                let bytes = render(&value);
                let note = format!(
                    "property failed: {reason}\nvalue: {value:#?}\nseed {seed:#x} batch {batch}\n"
                );
                let path = save_artifact(target, "generated", &bytes, &note);
                panic!(
                    "FUZZ FAILURE [{target}] generated input: {reason}\nvalue (shrunk): {value:#?}\ninput: {}\nsaved: {}\n{}\nseed: MOTCUA_FUZZ_SEED={seed:#x} (batch {batch})",
                    show(&bytes),
                    path.display(),
                    reproduce_hint(target, &path)
                );
            }
            Err(TestError::Abort(why)) => panic!("FUZZ [{target}] generator gave up: {why}"),
        }
        cases += u64::from(batch_cases);
        batch += 1;
        if start.elapsed() >= budget || cap.is_some_and(|c| cases >= c) {
            break;
        }
    }
    let stats = Stats {
        cases,
        elapsed: start.elapsed(),
    };
    report(target, "generated", seed, stats, "");
    stats
}

/// An input as text, the way a parser of `&str` receives it from a file or a scanner.
pub fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// A short outcome class of an error message: its first words, without digits and without
/// what is quoted (everything from the first quote or bracket to the last one), so the values
/// in a message do not make every input "new".
pub fn class(prefix: &str, message: &str) -> Outcome {
    let open = message.find(['"', '`', '«', '(', '[', '{', '\'']);
    let close = message.rfind(['"', '`', '»', ')', ']', '}', '\'']);
    let kept: String = match (open, close) {
        (Some(o), Some(c)) if c > o => {
            let tail = message.get(c..).unwrap_or_default();
            let tail = tail.chars().skip(1).collect::<String>();
            format!("{} {tail}", message.get(..o).unwrap_or_default())
        }
        (Some(o), _) => message.get(..o).unwrap_or_default().to_string(),
        _ => message.to_string(),
    };
    let words: Vec<String> = kept
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(7)
        .collect();
    format!("{prefix}:{}", words.join(" "))
}
