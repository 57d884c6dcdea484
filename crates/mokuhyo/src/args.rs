//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  mokuhyo parse seeds/000_1e9e9e477dd5dd5a.txt
  mokuhyo parse report.txt -o out/report.json
  mokuhyo validate out/*.json
  mokuhyo schema > report.schema.json

Exit status:
  0  success
  1  a file could not be read, held no report, failed validation, or could not be written
     (each problem is printed on stderr as `error: FILE: why`)
  2  usage error";

/// Turn Japanese municipal 部局経営目標 reports into validated JSON.
#[derive(Debug, Parser)]
#[command(name = "mokuhyo", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. `batch` and `review` (SPEC §4) will join them here.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse one report into a JSON document (validated against the schema).
    #[command(after_help = "\
Examples:
  mokuhyo parse report.txt                  print the JSON on stdout
  mokuhyo parse report.txt -o report.json   write it to a file (atomically)

The document is checked against the schema before it is written; a document that fails
the check is an error and is never written. Problems inside a report go to its
`diagnostics` field and do not change the exit status.")]
    Parse(ParseArgs),

    /// Check JSON documents against the report schema.
    #[command(after_help = "\
Examples:
  mokuhyo validate report.json
  mokuhyo validate out/*.json

Prints `FILE: ok` on stdout for each valid document and `error: FILE: PATH: why` on
stderr for each problem; exits with 1 if any document fails.")]
    Validate(ValidateArgs),

    /// Print the JSON Schema (Draft 2020-12) of the output documents.
    #[command(after_help = "\
Examples:
  mokuhyo schema > report.schema.json")]
    Schema,
}

/// Arguments of `mokuhyo parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The report: text extracted from PDF or a saved web page, in any supported encoding.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the JSON to OUT instead of stdout; missing directories are created.
    #[arg(short, long, value_name = "OUT.json")]
    pub output: Option<PathBuf>,
}

/// Arguments of `mokuhyo validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The JSON documents to check.
    #[arg(value_name = "FILE.json", required = true)]
    pub files: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn ok_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn ok_parse_with_output() {
        let a = Args::try_parse_from(["mokuhyo", "parse", "r.txt", "-o", "r.json"]).expect("ok");
        match a.command {
            Command::Parse(p) => {
                assert_eq!(p.file, PathBuf::from("r.txt"));
                assert_eq!(p.output, Some(PathBuf::from("r.json")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn err_parse_takes_one_file() {
        assert!(Args::try_parse_from(["mokuhyo", "parse"]).is_err());
        assert!(Args::try_parse_from(["mokuhyo", "parse", "a.txt", "b.txt"]).is_err());
    }

    #[test]
    fn err_validate_needs_a_file() {
        assert!(Args::try_parse_from(["mokuhyo", "validate"]).is_err());
    }
}
