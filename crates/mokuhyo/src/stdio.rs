//! `-` as standard input and standard output (SPEC §4): `cat r.txt | mokuhyo parse -`,
//! `mokuhyo parse r.txt -o -`.

use std::io;
use std::path::Path;

use crate::args::Command;
use crate::cmd::Exit;
use crate::{input, output};

/// The name standard input goes by, in `source.file` and in messages, unless `--name` gives
/// another.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is `-`, standard input or output.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// An input named on the command line: a file, or standard input for `-`.
#[derive(Debug)]
pub struct Input<'a> {
    path: &'a Path,
    name: String,
}

impl<'a> Input<'a> {
    /// The input `path`; `stdin_name` (from `--name`) names standard input.
    pub fn new(path: &'a Path, stdin_name: Option<&str>) -> Input<'a> {
        let name = if is_dash(path) {
            stdin_name.unwrap_or(STDIN_NAME).to_string()
        } else {
            // The path as given: it is what the user will recognize.
            path.to_string_lossy().into_owned()
        };
        Input { path, name }
    }

    /// What the input is called in messages and in `source.file`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its bytes, at most `limit` of them, or why they cannot be had.
    pub fn read(&self, limit: u64) -> Result<Vec<u8>, String> {
        if is_dash(self.path) {
            read_stdin(limit)
        } else {
            input::read(self.path, limit)
        }
    }

    /// Every report in the input ([`crate::sheets::parse_all`]); with `view`, a PDF's drawn
    /// pages for a review page.
    pub fn read_all(&self, limit: u64, view: bool) -> Result<crate::sheets::Found, String> {
        let bytes = self.read(limit)?;
        crate::sheets::parse_all(bytes, &self.name, &self.path.to_string_lossy(), view)
    }
}

/// Everything on standard input, refused as soon as more than `limit` bytes have arrived
/// (`--max-input-bytes` holds for a pipe as for a file).
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, String> {
    input::read_limited(io::stdin().lock(), limit, 0)
}

/// Runs `fill` on the destination `-o` names: stdout when it is absent or `-`, else the file,
/// through [`output::write`] (atomically, never replacing `input` itself or a non-regular
/// file). `input` is the file read, if it is one (`-` is not).
pub fn write(
    out: Option<&Path>,
    input: &Path,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Exit {
    let target = out.filter(|path| !is_dash(path));
    let input = Some(input).filter(|path| !is_dash(path));
    output::write(target, input, fill)
}

/// A mistake in how `-` and `--name` are used on this command line, in words: `--name`
/// without `-` to name, `-` twice, `-` given to `batch`.
/// Returns the subcommand's name with the message.
pub fn misuse(command: &Command) -> Option<(&'static str, &'static str)> {
    const NAME_WITHOUT_STDIN: &str =
        "--name names standard input: give `-` as the input to read it";
    match command {
        Command::Parse(a) if a.name.is_some() && !is_dash(&a.file) => {
            Some(("parse", NAME_WITHOUT_STDIN))
        }
        Command::Review(a) if a.name.is_some() && !is_dash(&a.file) => {
            Some(("review", NAME_WITHOUT_STDIN))
        }
        Command::Validate(a) => {
            let dashes = a.files.iter().filter(|f| is_dash(f)).count();
            if dashes > 1 {
                Some(("validate", "standard input (`-`) can be read only once"))
            } else if dashes == 0 && a.name.is_some() {
                Some(("validate", NAME_WITHOUT_STDIN))
            } else {
                None
            }
        }
        Command::Batch(a) if a.inputs.iter().any(|i| is_dash(i)) => Some((
            "batch",
            "batch reads files and folders, not standard input (`-`)",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Args;
    use clap::Parser;

    fn misuse_of(args: &[&str]) -> Option<&'static str> {
        let found = misuse(&Args::try_parse_from(args).expect("parses").command);
        if let Some((subcommand, _)) = found {
            assert_eq!(subcommand, args[1]);
        }
        found.map(|(_, why)| why)
    }

    #[test]
    fn ok_names() {
        assert_eq!(Input::new(Path::new("-"), None).name(), "<stdin>");
        assert_eq!(Input::new(Path::new("-"), Some("r.txt")).name(), "r.txt");
        assert_eq!(Input::new(Path::new("a/-b.txt"), None).name(), "a/-b.txt");
        assert!(is_dash(Path::new("-")));
        assert!(!is_dash(Path::new("./-")) && !is_dash(Path::new("--")));
    }

    #[test]
    fn ok_read_up_to_the_limit() {
        assert_eq!(
            input::read_limited(&b"12345"[..], 5, 0).expect("read"),
            b"12345"
        );
        assert_eq!(input::read_limited(&b""[..], 5, 0).expect("read"), b"");
    }

    #[test]
    fn err_read_over_the_limit() {
        assert_eq!(
            input::read_limited(&b"123456"[..], 5, 0).expect_err("too large"),
            "file is over the limit of 5 bytes (--max-input-bytes)"
        );
        // An endless input stops at the limit.
        assert!(input::read_limited(io::repeat(b'x'), 1 << 16, 0).is_err());
    }

    #[test]
    fn ok_dash_and_name_together() {
        assert_eq!(
            misuse_of(&["mokuhyo", "parse", "-", "--name", "r.txt"]),
            None
        );
        assert_eq!(misuse_of(&["mokuhyo", "review", "-", "--name", "r"]), None);
        assert_eq!(misuse_of(&["mokuhyo", "validate", "a.json", "-"]), None);
        assert_eq!(misuse_of(&["mokuhyo", "parse", "r.txt", "-o", "-"]), None);
    }

    #[test]
    fn err_name_without_dash_dash_twice_and_batch() {
        for args in [
            &["mokuhyo", "parse", "r.txt", "--name", "x"][..],
            &["mokuhyo", "review", "r.txt", "--name", "x"],
            &["mokuhyo", "validate", "a.json", "--name", "x"],
            &["mokuhyo", "validate", "-", "a.json", "-"],
            &["mokuhyo", "batch", "-", "-o", "out"],
        ] {
            assert!(misuse_of(args).is_some(), "{args:?}");
        }
    }
}
