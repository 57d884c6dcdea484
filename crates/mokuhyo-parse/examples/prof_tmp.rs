fn main() {
    let seed = std::fs::read("seeds/000_1e9e9e477dd5dd5a.txt").unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(2000);
    let mut total = 0;
    for _ in 0..n {
        let r = mokuhyo_parse::parse_report(&seed, "seed.txt").unwrap();
        total += r.sections.len();
    }
    println!("{total}");
}
