//! Never destroy, never lie (issue 13): what `-o` may replace, what a batch may write over,
//! what a run cut short leaves behind, how much memory a hostile document may take, and what
//! reaches the terminal.
//!
//! Runs that must be caught in the middle read a FIFO named as an input: the batch blocks
//! reading it, with its tables open and its lock held, until the test writes the report into
//! the FIFO (or signals the process). Signals go to the child process only.
//!
//! Device nodes need root: those tests say so on stderr and pass when they cannot run.
//! `MOKUHYO_BIN=path cargo test --test safety` runs them against another build.
//!
//! Unix only: FIFOs, signals, device nodes.
#![cfg(unix)]

use std::ffi::CString;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{root, s, stderr, SEED};

/// How long any one run may take before the test gives up on it.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The binary under test: this build's, or the one `MOKUHYO_BIN` names (to show that these
/// tests fail against an older build).
fn exe() -> PathBuf {
    std::env::var_os("MOKUHYO_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_mokuhyo")),
        PathBuf::from,
    )
}

fn bin() -> Command {
    let mut c = Command::new(exe());
    c.current_dir(root());
    c
}

/// Runs the binary under test ([`exe`]) with `args` to completion.
fn mokuhyo<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    bin().args(args).output().expect("run mokuhyo")
}

fn seed() -> Vec<u8> {
    fs::read(root().join(SEED)).expect("the seed")
}

/// A copy of the seed report at `dir/name`.
fn seed_at(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(&p, seed()).expect("write");
    p
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: a valid C string; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Sends `sig` to the child.
fn signal(child: &Child, sig: i32) {
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: kill only sends a signal, to our own child.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill");
}

/// Waits for the child, killing it and failing after [`TIME_LIMIT`].
fn wait(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {TIME_LIMIT:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

/// Opens the FIFO at `path` for writing as soon as a reader has opened it (the batch reading
/// its input), so the reader then blocks on its first read until the test writes or closes.
fn writer_once_read(path: &Path, child: &mut Child) -> File {
    let start = Instant::now();
    loop {
        match fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
        {
            Ok(f) => {
                // Blocking again, so that writing a whole report waits for the reader.
                use std::os::fd::AsRawFd;
                // SAFETY: fcntl on a descriptor `f` keeps open.
                unsafe {
                    let flags = libc::fcntl(f.as_raw_fd(), libc::F_GETFL);
                    libc::fcntl(f.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
                }
                return f;
            }
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {}
            Err(e) => panic!("open {}: {e}", path.display()),
        }
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("ended ({status}) before reading the FIFO: {err}");
        }
        assert!(start.elapsed() < TIME_LIMIT, "the FIFO was never opened");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A batch of the seed and a FIFO (both named directly) into `out`, caught while it waits
/// for the FIFO: the child and the FIFO's write end.
fn batch_caught_reading(dir: &Path, out: &Path, extra: &[&str]) -> (Child, File) {
    let a = seed_at(dir, "in/a.txt");
    let fifo = dir.join("in/b.txt");
    mkfifo(&fifo);
    let mut child = bin()
        .args(["batch", s(&a), s(&fifo), "-o", s(out), "-q"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let w = writer_once_read(&fifo, &mut child);
    (child, w)
}

/// Every file under `dir` whose name starts with a dot and ends in `.tmp`: what an atomic
/// write leaves when it is cut short.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if name.starts_with('.') && name.ends_with(".tmp") {
                out.push(p);
            }
        }
    }
    out
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Makes a device node (`S_IFCHR` or `S_IFBLK`); false, with a message, when not allowed.
fn mknod(path: &Path, kind: libc::mode_t, major: u32, minor: u32) -> bool {
    if !is_root() {
        eprintln!("skipped: device nodes need root (mknod)");
        return false;
    }
    let c = CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: a valid C string; mknod only creates a node.
    let r = unsafe { libc::mknod(c.as_ptr(), kind | 0o666, libc::makedev(major, minor)) };
    if r != 0 {
        eprintln!(
            "skipped: mknod is not allowed here: {}",
            std::io::Error::last_os_error()
        );
        return false;
    }
    true
}

/// Item 1: `-o` only ever replaces a regular file.
mod output_kinds {
    use super::*;

    #[test]
    fn symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real/r.json");
        fs::create_dir_all(real.parent().expect("parent")).expect("mkdir");
        fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real/r.json", &link).expect("symlink");
        let o = mokuhyo(["parse", SEED, "-o", s(&link)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(fs::symlink_metadata(&link).expect("meta").is_symlink());
        let doc: Value = serde_json::from_slice(&fs::read(&real).expect("read")).expect("JSON");
        assert_eq!(doc["source"]["file"], SEED);
        // The temporary file sat beside the target, and is gone.
        assert!(temporaries(dir.path()).is_empty());
        // A link to nothing yet: the file is created where it points.
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("real/new.json", &dangling).expect("symlink");
        let o = mokuhyo(["parse", SEED, "-o", s(&dangling)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(fs::symlink_metadata(&dangling).expect("meta").is_symlink());
        assert!(dir.path().join("real/new.json").is_file());
    }

    #[test]
    fn fifo_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("out.json");
        mkfifo(&fifo);
        // A read end held open from the start, so the writer never waits for a reader.
        let mut r = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .expect("open read end");
        let mut child = bin()
            .args(["parse", SEED, "-o", s(&fifo)])
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut got = Vec::new();
        let start = Instant::now();
        let mut buf = [0u8; 65536];
        let status = loop {
            match r.read(&mut buf) {
                Ok(n) if n > 0 => got.extend_from_slice(&buf[..n]),
                _ => {
                    if let Some(st) = child.try_wait().expect("wait") {
                        // Whatever is left in the pipe.
                        while let Ok(n) = r.read(&mut buf) {
                            if n == 0 {
                                break;
                            }
                            got.extend_from_slice(&buf[..n]);
                        }
                        break st;
                    }
                    assert!(start.elapsed() < TIME_LIMIT, "still running");
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        };
        assert!(status.success(), "{status}");
        assert!(fs::symlink_metadata(&fifo)
            .expect("meta")
            .file_type()
            .is_fifo());
        let doc: Value = serde_json::from_slice(&got).expect("the document came through");
        assert_eq!(doc["source"]["file"], SEED);
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
    }

    #[test]
    fn character_device_is_written_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let null = dir.path().join("null.json");
        if !mknod(&null, libc::S_IFCHR, 1, 3) {
            return;
        }
        let o = mokuhyo(["parse", SEED, "-o", s(&null)]);
        if stderr(&o).contains("operation not permitted") {
            eprintln!("skipped: device nodes cannot be opened here");
            return;
        }
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let kind = fs::symlink_metadata(&null).expect("meta").file_type();
        assert!(kind.is_char_device(), "still a device");
        // A device that refuses the bytes: a clear error, and the node stays.
        let full = dir.path().join("full.json");
        assert!(mknod(&full, libc::S_IFCHR, 1, 7));
        let o = mokuhyo(["parse", "-q", SEED, "-o", s(&full)]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {}: cannot write: no space left on device\n",
                s(&full)
            )
        );
        let kind = fs::symlink_metadata(&full).expect("meta").file_type();
        assert!(kind.is_char_device(), "still a device");
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 2);
    }

    #[test]
    fn block_device_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let disk = dir.path().join("disk.json");
        // loop0: never opened, only looked at.
        if !mknod(&disk, libc::S_IFBLK, 7, 0) {
            return;
        }
        let o = mokuhyo(["parse", "-q", SEED, "-o", s(&disk)]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {}: cannot write: is a block device; not written, left as it is\n",
                s(&disk)
            )
        );
        let kind = fs::symlink_metadata(&disk).expect("meta").file_type();
        assert!(kind.is_block_device());
    }
}

/// Item 2: no output is an input.
mod output_is_input {
    use super::*;

    #[test]
    fn parse_onto_its_input_or_a_hard_link_to_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = seed_at(dir.path(), "r.txt");
        let other = dir.path().join("other-name.json");
        fs::hard_link(&input, &other).expect("link");
        for out in [&input, &other] {
            for cmd in ["parse", "review"] {
                let o = mokuhyo([cmd, "-q", s(&input), "-o", s(out)]);
                assert_eq!(o.status.code(), Some(1), "{cmd}");
                assert_eq!(
                    stderr(&o),
                    format!(
                        "error: {}: cannot write: it is the input file; not replaced\n",
                        s(out)
                    )
                );
                assert_eq!(fs::read(&input).expect("read"), seed(), "{cmd}");
            }
        }
    }

    #[test]
    fn batch_output_folder_that_is_an_input_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().join("d");
        seed_at(&d, "a.txt");
        let o = mokuhyo(["batch", s(&d), "-o", s(&d)]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {0}: the output folder is also an input folder ({0}); choose another -o\n",
                s(&d)
            )
        );
        assert_eq!(common::names(&d), ["a.txt"], "nothing written");
        // An output folder inside the input folder is still fine: it is not searched.
        let out = d.join("out");
        for _ in 0..2 {
            let o = mokuhyo(["batch", s(&d), "-o", s(&out), "-q"]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
        let summary: Value =
            serde_json::from_slice(&fs::read(out.join("summary.json")).expect("summary"))
                .expect("JSON");
        assert_eq!(summary["reports"], 1);
    }

    #[test]
    fn batch_review_page_onto_its_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().join("d");
        let page = seed_at(&d, "page.html");
        let o = mokuhyo(["batch", s(&page), "-o", s(&d), "--review", "-q"]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {}: output {} is an input file; not replaced\n",
                s(&page),
                s(&page)
            )
        );
        assert_eq!(fs::read(&page).expect("read"), seed());
    }

    #[test]
    fn batch_own_file_that_is_an_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().join("d");
        let index = seed_at(&d, "index.html");
        let o = mokuhyo([
            "batch",
            s(&index),
            "-o",
            s(&d),
            "--review",
            "--format",
            "csv",
        ]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {}: cannot write: it is an input file, and the batch would replace it with its own index.html; nothing written\n",
                s(&index)
            )
        );
        assert_eq!(fs::read(&index).expect("read"), seed());
        assert_eq!(common::names(&d), ["index.html"]);
    }
}

/// Item 3: documents named like the batch's own files.
#[test]
fn inputs_named_like_the_batch_files_are_collisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    for name in ["a.txt", "summary.txt", "index.txt"] {
        seed_at(&input, name);
    }
    let out = dir.path().join("out");
    let o = mokuhyo(["batch", s(&input), "-o", s(&out), "--review", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {0}/index.txt: output {1}/index.html is one of the batch's own files; rename the input\n\
             error: {0}/summary.txt: output {1}/summary.json is one of the batch's own files; rename the input\n",
            s(&input),
            s(&out)
        )
    );
    let summary: Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).expect("summary"))
            .expect("JSON");
    assert_eq!(summary["reports"], 1);
    assert_eq!(summary["failed"], 2);
    let index = fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains("a.html"),
        "the index page, not a report's page"
    );
    // Without --review an index.txt is an ordinary report.
    let out2 = dir.path().join("out2");
    let o = mokuhyo(["batch", s(&input), "-o", s(&out2), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out2.join("index.json").is_file());
}

/// Item 3 where the output folder does not tell case apart (FAT, exFAT, NTFS, APFS): outputs
/// that differ only in case are one file there. A hard link from the lock file's name in
/// capitals to the lock file stands in for such a file system: the batch asks the folder by
/// that name, and reuses the lock file it finds.
#[test]
fn outputs_differing_only_in_case_collide_where_the_folder_folds_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let upper = seed_at(&dir.path().join("x"), "A.txt");
    let lower = seed_at(&dir.path().join("y"), "a.txt");
    // In one folder, names that differ in case and extension keep their extensions.
    let same_folder = dir.path().join("z");
    seed_at(&same_folder, "R.txt");
    seed_at(&same_folder, "r.htm");
    let out = dir.path().join("out");
    common::case_folding_folder(&out);
    let o = mokuhyo([
        "batch",
        s(&upper),
        s(&lower),
        s(&same_folder),
        "-o",
        s(&out),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: output {}/a.json is already written for {} (the output folder does \
             not tell the two names apart: they differ only in case or in how accents are \
             encoded)\n",
            s(&lower),
            s(&out),
            s(&upper)
        )
    );
    let mut written = common::names(&out);
    written.retain(|n| n.ends_with(".json") && n != "summary.json" && n != "datapackage.json");
    assert_eq!(written, ["A.json", "R.txt.json", "r.htm.json"]);
    // Where the folder tells case apart, both are written under their own names.
    let out2 = dir.path().join("out2");
    let o = mokuhyo(["batch", s(&upper), s(&lower), "-o", s(&out2), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out2.join("A.json").is_file() && out2.join("a.json").is_file());
}

/// Item 4: temporary files.
mod temporaries {
    use super::*;

    #[test]
    fn output_name_of_250_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = format!("{}.json", "あ".repeat(81) + "x");
        assert_eq!(name.len(), 249);
        let out = dir.path().join(&name);
        let o = mokuhyo(["parse", SEED, "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(out.is_file());
        let name = format!("{}.json", "r".repeat(250));
        let out = dir.path().join(&name);
        let o = mokuhyo(["parse", SEED, "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(out.is_file());
    }

    #[test]
    fn sigint_and_sigterm_remove_what_is_in_flight() {
        for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
            let dir = tempfile::tempdir().expect("tempdir");
            let out = dir.path().join("out");
            let (child, w) = batch_caught_reading(dir.path(), &out, &[]);
            assert!(
                !temporaries(&out).is_empty(),
                "the tables are being written"
            );
            signal(&child, sig);
            let o = wait(child);
            drop(w);
            assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
            assert_eq!(temporaries(&out), Vec::<PathBuf>::new(), "signal {sig}");
            assert!(!out.join(".mokuhyo.lock").exists());
            assert!(!out.join("summary.json").exists());
        }
    }

    #[test]
    fn kill_9_leftovers_are_swept_by_the_next_batch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let (mut child, w) = batch_caught_reading(dir.path(), &out, &[]);
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        drop(w);
        let left = temporaries(&out);
        assert!(!left.is_empty(), "SIGKILL cannot be caught");
        let a = dir.path().join("in/a.txt");
        let o = mokuhyo(["batch", s(&a), "-o", s(&out), "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
        // A user's file that only looks a little like one is kept.
        fs::write(out.join(".notes.tmp"), "mine").expect("write");
        let o = mokuhyo(["batch", s(&a), "-o", s(&out), "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(temporaries(&out), [out.join(".notes.tmp")]);
    }
}

/// Item 5: `summary.json` marks a finished batch, and only that.
#[test]
fn summary_is_gone_while_a_rerun_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let a = seed_at(dir.path(), "in/a.txt");
    let o = mokuhyo(["batch", s(&a), "-o", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("summary.json").is_file());
    let (mut child, w) = batch_caught_reading(dir.path(), &out, &[]);
    assert!(
        !out.join("summary.json").exists(),
        "the old summary is removed before anything is written"
    );
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    drop(w);
    assert!(!out.join("summary.json").exists());
}

/// Item 6: one batch at a time per output folder.
#[test]
fn second_batch_fails_fast_or_waits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let (first, mut w) = batch_caught_reading(dir.path(), &out, &[]);
    let other = seed_at(dir.path(), "other/c.txt");
    let o = mokuhyo(["batch", s(&other), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: in use by another mokuhyo batch (pid {})\n",
            s(&out),
            first.id()
        )
    );
    let mut waiter = bin()
        .args(["batch", s(&other), "-o", s(&out), "--wait", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(300));
    assert!(waiter.try_wait().expect("wait").is_none(), "waits its turn");
    w.write_all(&seed()).expect("feed the FIFO");
    drop(w);
    let o = wait(first);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = wait(waiter);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary: Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).expect("summary"))
            .expect("JSON");
    assert_eq!(summary["reports"], 1, "the second batch's own summary");
    assert!(!out.join(".mokuhyo.lock").exists());
}

/// Item 8: `validate` on hostile documents.
mod validate {
    use super::*;

    /// The seed's document.
    fn seed_doc() -> Value {
        let o = mokuhyo(["parse", SEED]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("JSON")
    }

    #[test]
    fn top_level_array_of_60_mb_in_bounded_memory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("big.json");
        let mut text = Vec::with_capacity(60 << 20);
        text.push(b'[');
        while text.len() < 60 << 20 {
            text.extend_from_slice(b"0,");
        }
        text.extend_from_slice(b"0]");
        fs::write(&f, &text).expect("write");
        drop(text);
        // 512 MiB of address space: the file itself, and little more.
        let o = Command::new("/usr/bin/prlimit")
            .arg(format!("--as={}", 512u64 << 20))
            .arg("--")
            .arg(exe())
            .args(["validate", s(&f)])
            .output()
            .expect("prlimit");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!(
                "error: {}: not a report: the top level is an array, not an object\n",
                s(&f)
            )
        );
    }

    #[test]
    fn errors_capped_per_document_with_the_rest_counted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut doc = seed_doc();
        doc["sections"] = Value::Array(vec![serde_json::json!({}); 250]);
        let f = dir.path().join("bad.json");
        fs::write(&f, serde_json::to_vec(&doc).expect("JSON")).expect("write");
        let all = mokuhyo(["validate", s(&f), "--max-errors", "0"]);
        let total = stderr(&all).lines().count();
        assert!(total >= 250, "one problem per section at least: {total}");
        for (args, shown) in [(&[][..], 100), (&["--max-errors", "5"][..], 5)] {
            let o = mokuhyo(["validate", s(&f)].iter().chain(args));
            assert_eq!(o.status.code(), Some(1));
            let err = stderr(&o);
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), shown + 1, "{args:?}");
            assert_eq!(
                lines[..shown],
                stderr(&all).lines().collect::<Vec<_>>()[..shown]
            );
            assert_eq!(
                lines[shown],
                format!(
                    "error: {}: {} more problems not shown (--max-errors)",
                    s(&f),
                    total - shown
                )
            );
        }
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = seed_doc();
        let text = serde_json::to_string(&doc).expect("JSON");
        // The same key twice, the second value valid: a reader keeping the last sees a
        // valid document, one keeping the first does not.
        let twice = text.replacen('{', "{\"kind\":\"draft\",", 1);
        let f = dir.path().join("twice.json");
        fs::write(&f, &twice).expect("write");
        let o = mokuhyo(["validate", s(&f)]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!(
                "error: {}: not JSON: duplicate key \"kind\" at line 1 column",
                s(&f)
            )),
            "{err}"
        );
        assert_eq!(o.stdout, b"");
    }
}

/// Item 9: `-j` is clamped.
#[test]
fn jobs_clamped_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    for name in ["a.txt", "b.txt", "c.txt"] {
        seed_at(&input, name);
    }
    let start = Instant::now();
    let o = mokuhyo([
        "batch",
        s(&input),
        "-o",
        s(&dir.path().join("out")),
        "-j",
        "65535",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.lines().next(),
        Some("note: -j 65535 for 3 inputs; using 3 threads"),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(30));
    // Quiet means quiet.
    let o = mokuhyo([
        "batch",
        s(&input),
        "-o",
        s(&dir.path().join("out2")),
        "-j",
        "65535",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "");
}

/// Item 12: control characters in file names never reach the terminal.
#[test]
fn control_characters_in_names_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "x\u{1b}]0;owned\u{7}\nerror: forged.txt";
    let f = dir.path().join(name);
    fs::write(&f, b"").expect("write");
    let shown = format!("{}/x\\x1b]0;owned\\x07\\nerror: forged.txt", s(dir.path()));
    let o = mokuhyo(["parse", s(&f)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("error: {shown}: file is empty\n"));
    // In a batch, found in a folder.
    let o = mokuhyo([
        "batch",
        s(dir.path()),
        "-o",
        s(&dir.path().join("out")),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("error: {shown}: file is empty\n"));
    // A warning names its file escaped too (the seed repeats a section id).
    let warned = dir.path().join("w\u{1b}]0;t\u{7}.txt");
    fs::copy(root().join(SEED), &warned).expect("copy");
    let o = mokuhyo(["parse", s(&warned), "-o", s(&dir.path().join("w.json"))]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains(&format!("warning: {}/w\\x1b]0;t\\x07.txt:", s(dir.path()))),
        "{err:?}"
    );
    // The batch's summary line names its output folder escaped.
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::copy(root().join(SEED), input.join("a.txt")).expect("copy");
    let out = dir.path().join("o\u{1b}[2J");
    let o = mokuhyo(["batch", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("o\\x1b[2J"), "{err:?}");
    // validate prints the names of good documents on stdout, escaped too.
    let doc = dir.path().join("ok\u{1b}[2J.json");
    let out = mokuhyo(["parse", SEED]).stdout;
    fs::write(&doc, out).expect("write");
    let o = mokuhyo(["validate", s(&doc)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).expect("utf-8"),
        format!("{}/ok\\x1b[2J.json: ok\n", s(dir.path()))
    );
}
