//! The output folder of `mokuhyo batch`: what must be true of it before anything is written.
//!
//! - It is not one of the input folders ([`is_an_input_folder`]): a batch reading and writing
//!   one folder would replace its own inputs (an output folder *inside* an input folder is
//!   fine: the search for inputs does not enter it).
//! - No output of the batch is an input file (the same device and inode, whatever the path or
//!   link that leads there), and no document or review page has the name of one of the
//!   batch's own files: [`Guard`].
//! - An earlier run's `summary.json`, the mark of a finished batch, is gone before the first
//!   new file is written, and the removal is on disk ([`start`]); the new one is written
//!   last. A run that is cut short leaves no summary, so nothing claims that its files agree.
//! - Temporary files of a run that was killed (`kill -9`, a power cut) are swept ([`start`]).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::lock::LOCK_FILE;
use crate::output::{file_id, FileId};

/// The name of the batch's completion mark.
pub const SUMMARY: &str = "summary.json";

/// The first input that is the output folder `out` itself, if any.
pub fn is_an_input_folder<'a>(inputs: &'a [PathBuf], out: &Path) -> Option<&'a PathBuf> {
    let out = file_id(out)?;
    inputs
        .iter()
        .find(|i| i.is_dir() && file_id(i).as_ref() == Some(&out))
}

/// Prepares the (locked) output folder `dir` for a run: removes an earlier `summary.json`
/// and syncs the folder, so that the removal survives a crash, then removes the temporary
/// files killed runs left in it and its subfolders. Returns how many were swept.
///
/// # Errors
///
/// The I/O error from removing the summary: a run that cannot remove it must not go on and
/// leave it claiming a finished batch.
pub fn start(dir: &Path) -> io::Result<usize> {
    match fs::remove_file(dir.join(SUMMARY)) {
        Ok(()) => {
            if let Ok(d) = fs::File::open(dir) {
                // Some file systems refuse to sync a folder; nothing more can be done there.
                let _ = d.sync_all();
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut swept = 0;
    // Links are not followed: a temporary file is always made in a real folder of the tree.
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file()
            && mokuhyo_export::is_temporary_name(entry.file_name())
            && fs::remove_file(entry.path()).is_ok()
        {
            swept += 1;
        }
    }
    Ok(swept)
}

/// How the output folder's file system tells names apart: FAT, exFAT, NTFS and APFS, as
/// they are usually formatted, take `A.json` and `a.json` for one file, so two inputs whose
/// outputs differ only in case would write one document over the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Names {
    /// Whether names that differ only in case are one name.
    case_insensitive: bool,
}

impl Names {
    /// Names of a file system that does (`case_insensitive`) or does not tell case apart.
    pub fn new(case_insensitive: bool) -> Names {
        Names { case_insensitive }
    }

    /// Names in the locked output folder `out`: its lock file's name in capitals leads to the
    /// lock file itself where case is not told apart.
    pub fn of(out: &Path) -> Names {
        let ids = (
            file_id(&out.join(LOCK_FILE)),
            file_id(&out.join(LOCK_FILE.to_uppercase())),
        );
        Names::new(matches!(ids, (Some(a), Some(b)) if a == b))
    }

    /// `path` as the file system tells it from other names: where case is not told apart,
    /// in NFC and lowercased. APFS and HFS+ also take a name in NFC and in NFD (as a Mac
    /// writes `が`: `か` and a combining mark) for one; FAT and NTFS do not, and there two
    /// inputs of such names are then refused rather than both written. A case-sensitive
    /// APFS volume, which still takes NFC and NFD names for one, is not told from a Linux
    /// file system by this probe: there such names are compared as they are. A name that is
    /// not UTF-8 stays as it is.
    pub fn key(self, path: &Path) -> PathBuf {
        use unicode_normalization::UnicodeNormalization;
        match path.to_str() {
            Some(s) if self.case_insensitive => {
                PathBuf::from(s.nfc().collect::<String>().to_lowercase())
            }
            _ => path.to_path_buf(),
        }
    }

    /// Whether two different paths are one name here only because the folder does not tell
    /// them apart ([`Names::key`]).
    pub fn folded_together(self, a: &Path, b: &Path) -> bool {
        self.case_insensitive && a != b && self.key(a) == self.key(b)
    }
}

/// What a batch's outputs must not be.
#[derive(Debug)]
pub struct Guard {
    out: PathBuf,
    /// The batch's own files, relative to the output folder, as [`Names::key`] gives them,
    /// to be compared with the key of an output (they are lowercase ASCII, so a key is the
    /// name itself, also in messages).
    own: Vec<PathBuf>,
    /// Every input file, by identity.
    inputs: HashSet<FileId>,
    /// Whether a document is written for each input (`--format json`).
    json: bool,
    /// Whether a review page is written for each input (`--review`).
    review: bool,
    /// How the output folder tells names apart.
    names: Names,
}

impl Guard {
    /// How the output folder tells names apart.
    pub fn names(&self) -> Names {
        self.names
    }

    /// A guard for a batch writing into `out`, whose names are told apart as `names` says,
    /// reading `inputs`, writing its own files `own` (file names in `out`) and, per input, a
    /// document (`json`) and a review page (`review`).
    pub fn new<'a>(
        out: &Path,
        names: Names,
        inputs: impl IntoIterator<Item = &'a Path>,
        own: &[&str],
        json: bool,
        review: bool,
    ) -> Guard {
        let own = own.iter().chain([&LOCK_FILE]);
        let own = own.map(|o| names.key(Path::new(o))).collect();
        Guard {
            out: out.to_path_buf(),
            own,
            inputs: inputs.into_iter().filter_map(file_id).collect(),
            json,
            review,
            names,
        }
    }

    /// The first of the batch's own files that is an input file, if any, with why.
    pub fn own_file_clash(&self) -> Option<(PathBuf, String)> {
        self.own.iter().find_map(|name| {
            let path = self.out.join(name);
            file_id(&path)
                .is_some_and(|id| self.inputs.contains(&id))
                .then(|| {
                    let why = format!(
                        "cannot write: it is an input file, and the batch would replace it with its own {}; nothing written",
                        name.display()
                    );
                    (path, why)
                })
        })
    }

    /// Why the input whose document goes to `output` (relative to the output folder, with
    /// `.json`) must be skipped, if it must: one of its outputs is an input file, or has the
    /// name of one of the batch's own files.
    pub fn refuse(&self, output: &Path) -> Option<String> {
        let mut mine = Vec::with_capacity(2);
        if self.json {
            mine.push(output.to_path_buf());
        }
        if self.review {
            mine.push(output.with_extension("html"));
        }
        for rel in mine {
            let path = self.out.join(&rel);
            if self.own.contains(&self.names.key(&rel)) {
                return Some(format!(
                    "output {} is one of the batch's own files; rename the input",
                    path.display()
                ));
            }
            if file_id(&path).is_some_and(|id| self.inputs.contains(&id)) {
                return Some(format!(
                    "output {} is an input file; not replaced",
                    path.display()
                ));
            }
        }
        None
    }
}

/// How many worker threads to run for `inputs` files when `-j` asked for `asked` (one per
/// CPU when it did not): never more than there are inputs, nor than [`THREADS_PER_CPU`]
/// times the CPUs (a thread per input of a large archive only costs memory and time). The
/// second value says why fewer than asked, if so, for a note.
pub fn worker_threads(asked: Option<usize>, inputs: usize) -> (usize, Option<String>) {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let cap = cpus * THREADS_PER_CPU;
    let want = asked.unwrap_or(cpus);
    let threads = want.min(cap).min(inputs).max(1);
    let note = match asked {
        Some(n) if n > threads && threads == cap => Some(format!(
            "-j {n} is more than {THREADS_PER_CPU} threads for each of {cpus} CPUs; using {threads}"
        )),
        Some(n) if n > threads => Some(format!(
            "-j {n} for {inputs} input{}; using {threads} thread{}",
            if inputs == 1 { "" } else { "s" },
            if threads == 1 { "" } else { "s" },
        )),
        _ => None,
    };
    (threads, note)
}

/// The most worker threads per CPU: parsing is CPU work, so more than one per CPU only helps
/// while some wait on a slow disk.
pub const THREADS_PER_CPU: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_names_fold_case_only_where_the_folder_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(LOCK_FILE), "").expect("lock file");
        // Linux's temporary folders tell case apart: the capitalised name is no file.
        #[cfg(target_os = "linux")]
        assert_eq!(Names::of(dir.path()), Names::new(false));
        let (a, b) = (Path::new("x/Report.JSON"), Path::new("x/report.json"));
        assert_ne!(Names::new(false).key(a), Names::new(false).key(b));
        assert!(!Names::new(false).folded_together(a, b));
        // Where the capitalised name leads to the lock file itself (a link stands in for a
        // file system that does not tell case apart, where the temporary folder tells it
        // apart), names are one when they differ only in case, Japanese and full-width
        // letters included.
        if Names::of(dir.path()) == Names::new(false) {
            fs::hard_link(
                dir.path().join(LOCK_FILE),
                dir.path().join(LOCK_FILE.to_uppercase()),
            )
            .expect("link");
        }
        let names = Names::of(dir.path());
        assert_eq!(names, Names::new(true));
        assert_eq!(names.key(a), names.key(b));
        assert!(names.folded_together(a, b));
        assert!(!names.folded_together(b, b));
        assert_eq!(
            names.key(Path::new("部局/ＡＢ.json")),
            Path::new("部局/ａｂ.json")
        );
        // A name in NFD (as a Mac writes it) is the name in NFC.
        assert_eq!(
            names.key(Path::new("か\u{3099}.json")),
            names.key(Path::new("が.json"))
        );
        assert_ne!(
            Names::new(false).key(Path::new("か\u{3099}.json")),
            Names::new(false).key(Path::new("が.json"))
        );
        assert_ne!(
            names.key(Path::new("a.json")),
            names.key(Path::new("b.json"))
        );
    }

    #[test]
    fn err_own_file_in_other_case_refused_where_case_is_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let guard = |insensitive| {
            Guard::new(
                dir.path(),
                Names::new(insensitive),
                std::iter::empty(),
                &[SUMMARY],
                true,
                false,
            )
        };
        // `Summary.txt` gives `Summary.json`, which is `summary.json` where case is one.
        assert!(guard(true)
            .refuse(Path::new("Summary.json"))
            .is_some_and(|why| why.contains("own files")));
        assert_eq!(guard(false).refuse(Path::new("Summary.json")), None);
    }

    #[test]
    fn ok_threads_clamped_to_inputs_and_cpus() {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(worker_threads(None, 1000), (cpus.min(1000), None));
        assert_eq!(worker_threads(Some(1), 10), (1, None));
        let (n, note) = worker_threads(Some(65535), 100_000);
        assert_eq!(n, cpus * THREADS_PER_CPU);
        assert!(note.expect("a note").starts_with("-j 65535 is more than"));
        let (n, note) = worker_threads(Some(8), 3);
        assert_eq!(n, 3.min(cpus * THREADS_PER_CPU));
        assert_eq!(note.as_deref(), Some("-j 8 for 3 inputs; using 3 threads"));
        assert_eq!(worker_threads(Some(8), 0).0, 1);
    }

    #[test]
    fn ok_start_removes_summary_and_stale_temporaries_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        fs::create_dir_all(d.join("a")).expect("mkdir");
        for f in [
            SUMMARY,
            ".mokuhyo-Ab12Cd.tmp",
            "a/.mokuhyo-zzzzzz.tmp",
            "a/.mokuhyo-short.tmp",
            "keep.json",
            "a/.other.tmp",
        ] {
            fs::write(d.join(f), "x").expect("write");
        }
        assert_eq!(start(d).expect("start"), 2);
        assert!(!d.join(SUMMARY).exists());
        assert!(!d.join(".mokuhyo-Ab12Cd.tmp").exists());
        assert!(!d.join("a/.mokuhyo-zzzzzz.tmp").exists());
        for f in ["keep.json", "a/.other.tmp", "a/.mokuhyo-short.tmp"] {
            assert!(d.join(f).exists(), "{f}");
        }
    }
}
