//! Prints the parse of a file as JSON, with its unparsed residue, for debugging the parser.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let bytes = std::fs::read(&path).expect("read");
    match mokuhyo_parse::parse(&bytes, &path) {
        Ok(p) => println!("{}", serde_json::to_string_pretty(&p.report).expect("json")),
        Err(e) => eprintln!("error: {path}: {e}"),
    }
}
