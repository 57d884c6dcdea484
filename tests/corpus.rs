//! Corpus tests: every report in `seeds/` and `corpus/` is parsed and checked three ways.
//!
//! - **Snapshots**: the full JSON document of each report, reviewed against its source.
//! - **Gold**: hand-written expectations in `corpus/gold/*.gold.json`, compared field by field
//!   with precision and recall per field type; 100 % is required.
//! - **Ledger**: every non-whitespace character of the normalized text is claimed exactly once,
//!   by a field whose value really holds it, a structural label, markup, or `unparsed`.

use mokuhyo_parse::ledger::{Claim, Pointer};
use regex::Regex;
use serde_json::Value as Json;
use std::collections::BTreeSet;

mod common;
use common::{inputs, root, SEED};

fn parse(rel: &str) -> mokuhyo_parse::Parsed {
    let bytes = std::fs::read(root().join(rel)).unwrap();
    mokuhyo_parse::parse(&bytes, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn to_json(p: &mokuhyo_parse::Parsed) -> Json {
    serde_json::to_value(&p.report).unwrap()
}

/// The document of any input: text as [`parse`], a PDF or workbook through its cell grid;
/// `BOOK#SHEET` is one sheet of a workbook in which several sheets hold a report.
fn document(rel: &str) -> Json {
    if let Some((file, sheet)) = rel.rsplit_once('#').filter(|_| !root().join(rel).exists()) {
        let bytes = std::fs::read(root().join(file)).unwrap();
        let format = mokuhyo_grid::sniff(&bytes).expect("a workbook");
        let all = mokuhyo_grid::report::read_all(&bytes, format, file, Default::default())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let r = all
            .reports
            .into_iter()
            .find(|r| r.sheet.as_deref() == Some(sheet))
            .unwrap_or_else(|| panic!("{rel}: no report in sheet {sheet}"));
        return serde_json::to_value(&r.report).unwrap();
    }
    let bytes = std::fs::read(root().join(rel)).unwrap();
    match mokuhyo_grid::sniff(&bytes) {
        Some(format) => {
            let r = mokuhyo_grid::report::read(&bytes, format, rel)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            serde_json::to_value(&r.report).unwrap()
        }
        None => to_json(&parse(rel)),
    }
}

#[test]
fn snapshots_of_every_report() {
    for rel in inputs() {
        let doc = to_json(&parse(&rel));
        let name = rel.replace(['/', '.'], "_");
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, description => rel.clone() }, {
            insta::assert_json_snapshot!(name, doc);
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Ledger

fn number_of(text: &str) -> Option<f64> {
    if let Some(n) = text.chars().next().and_then(mokuhyo_parse::circled::value) {
        if text.chars().count() == 1 {
            return Some(n as f64);
        }
    }
    text.parse().ok()
}

fn check_ledger(rel: &str, parsed: &mokuhyo_parse::Parsed) -> Vec<String> {
    // Labels are words of the report's own vocabulary; markup is punctuation, bullets,
    // brackets and item numbers. Anything else claimed as either would be text lost.
    let label = Regex::new(
        r"^((\(\s*\d\s*\)|\d[.、]?|[①②])\s*)?(年度|作成日|作成年月日|部局名|部局長名?|指標名?\s*:?|目標値?|実績値?|評価|次年度への課題|次年度の課題|課題|部局の(役割|使命|方向性|経営方針|運営方針).*|事業成果目標.*|成果目標.*|重点(取組|目標).*|指標名及び目標値)\s*:?$",
    )
    .unwrap();
    let markup = Regex::new(r"^(No|NO|no|[\p{P}\p{S}\s①-⑳㉑-㉟㊱-㊿])*$").unwrap();
    let doc = to_json(parsed);
    let mut problems = Vec::new();
    for seg in &parsed.ledger.segments {
        let mut covered = vec![false; seg.text.len()];
        for (range, claim) in &seg.claims {
            let text = &seg.text[range.clone()];
            for (i, c) in covered[range.clone()].iter_mut().enumerate() {
                if *c && seg.text.is_char_boundary(range.start + i) {
                    problems.push(format!("{rel}:{}: `{text}` is claimed twice", seg.line));
                    break;
                }
                *c = true;
            }
            match claim {
                Claim::Label if !label.is_match(text) => {
                    problems.push(format!("{rel}:{}: label `{text}` is not a label", seg.line))
                }
                Claim::Markup if !markup.is_match(text) => {
                    problems.push(format!("{rel}:{}: markup `{text}` holds words", seg.line))
                }
                Claim::Field(pointer) => {
                    let pointer = pointer.to_string();
                    let ok = match doc.pointer(&pointer) {
                        Some(Json::String(s)) => s.contains(text),
                        Some(Json::Number(n)) => number_of(text) == n.as_f64(),
                        _ => false,
                    };
                    if !ok {
                        problems.push(format!(
                            "{rel}:{}: `{text}` is claimed by {pointer}, which holds {:?}",
                            seg.line,
                            doc.pointer(&pointer)
                        ));
                    }
                }
                _ => {}
            }
        }
        for (i, c) in seg.text.char_indices() {
            if !c.is_whitespace() && !covered[i] {
                problems.push(format!(
                    "{rel}:{}: `{c}` at byte {i} is unaccounted for",
                    seg.line
                ));
            }
        }
    }
    problems
}

#[test]
fn ledger_accounts_for_every_character() {
    let mut problems = Vec::new();
    let mut segments = 0;
    for rel in inputs() {
        let parsed = parse(&rel);
        segments += parsed.ledger.segments.len();
        problems.extend(check_ledger(&rel, &parsed));
    }
    assert!(segments > 0, "no segments were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ledger_check_catches_a_lost_character() {
    let rel = SEED;
    let mut parsed = parse(rel);
    // Drop one claim: the check must notice the characters it covered.
    let seg = parsed
        .ledger
        .segments
        .iter_mut()
        .find(|s| !s.claims.is_empty())
        .unwrap();
    seg.claims.remove(0);
    assert!(!check_ledger(rel, &parsed).is_empty());
    // Point a claim at the wrong field: the check must notice that too.
    let mut parsed = parse(rel);
    let claim = parsed
        .ledger
        .segments
        .iter_mut()
        .flat_map(|s| s.claims.iter_mut())
        .find(|(_, c)| matches!(c, Claim::Field(p) if p.to_string().ends_with("/title")))
        .unwrap();
    claim.1 = Claim::Field(Pointer::Department);
    assert!(!check_ledger(rel, &parsed).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Gold

/// Field-type name → set of facts; a fact is one field of one record, as a string.
type Facts = std::collections::BTreeMap<&'static str, BTreeSet<String>>;

fn s(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn prefix(v: &Json, len: &Json) -> String {
    let n = len.as_str().map_or(0, |s| s.chars().count());
    v.as_str()
        .map_or("null".into(), |t| t.chars().take(n).collect())
}

fn value_fact(v: &Json) -> String {
    if v.is_null() {
        return "null".into();
    }
    let q: Vec<String> = v["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| match q {
            Json::Array(a) => format!("{}{}", s(&a[0]), s(&a[1])),
            _ => format!("{}{}", s(&q["value"]), s(&q["unit"])),
        })
        .collect();
    format!(
        "{}|{}|{}|{}|{}",
        s(&v["text"]),
        s(&v["value"]),
        s(&v["unit"]),
        q.join(","),
        s(&v["note"])
    )
}

/// Facts of the gold file (`gold = true`) or of a parsed document, read the same way.
fn facts(doc: &Json, gold: &Json) -> Facts {
    let mut f = Facts::new();
    let mut add = |k: &'static str, v: String| {
        f.entry(k).or_default().insert(v);
    };
    for k in ["title", "kind", "department", "head"] {
        add("header", format!("{k}={}", s(&doc[k])));
    }
    for k in ["label", "era", "era_year", "year", "start", "end"] {
        add(
            "header",
            format!("fiscal_year.{k}={}", s(&doc["fiscal_year"][k])),
        );
    }
    for k in ["label", "date"] {
        add(
            "header",
            format!("created_on.{k}={}", s(&doc["created_on"][k])),
        );
    }
    let is_gold = doc.get("groups").is_some();
    for (i, m) in doc["missions"].as_array().unwrap().iter().enumerate() {
        let goals: Vec<String> = m["sdgs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("{}:{}", s(&t["goal"]), s(&t["label"])))
            .collect();
        let body = if is_gold {
            s(&m["body_starts_with"])
        } else {
            prefix(&m["body"], &gold["missions"][i]["body_starts_with"])
        };
        add(
            "missions",
            format!(
                "{i}|{}|{}|{}|{body}",
                s(&m["no"]),
                s(&m["title"]),
                goals.join(",")
            ),
        );
        // Optional in a gold file: checked only where the gold record states it.
        if gold["missions"][i].get("truncated").is_some() {
            add("truncated", format!("missions/{i}|{}", s(&m["truncated"])));
        }
    }
    for (i, sec) in doc["sections"].as_array().unwrap().iter().enumerate() {
        let (count, line) = if is_gold {
            (s(&sec["body_count"]), s(&sec["line"]))
        } else {
            (
                sec["body"].as_array().unwrap().len().to_string(),
                s(&sec["lines"]["start"]),
            )
        };
        add(
            "sections",
            format!(
                "{i}|{}|{}|{}|{}|{count}|{line}",
                s(&sec["id"]),
                s(&sec["major"]),
                s(&sec["minor"]),
                s(&sec["title"])
            ),
        );
        if gold["sections"][i].get("truncated").is_some() {
            add(
                "truncated",
                format!("sections/{i}|{}", s(&sec["truncated"])),
            );
        }
    }
    let groups = if is_gold {
        &doc["groups"]
    } else {
        &doc["indicator_groups"]
    };
    for (g, grp) in groups.as_array().unwrap().iter().enumerate() {
        let ids = s(&grp["section_ids"]);
        let (eval, issues) = if is_gold {
            (
                s(&grp["evaluation_starts_with"]),
                s(&grp["next_year_issues_starts_with"]),
            )
        } else {
            let gg = &gold["groups"][g];
            (
                prefix(&grp["evaluation"], &gg["evaluation_starts_with"]),
                prefix(
                    &grp["next_year_issues"],
                    &gg["next_year_issues_starts_with"],
                ),
            )
        };
        add("evaluations", format!("{g}|{ids}|{eval}|{issues}"));
        let gg = &gold["groups"][g];
        if gg.get("grade").is_some() {
            add("grades", format!("{g}|{ids}|{}", s(&grp["grade"])));
        }
        if gg.get("truncated").is_some() {
            add("truncated", format!("groups/{g}|{}", s(&grp["truncated"])));
        }
        for (k, ind) in grp["indicators"].as_array().unwrap().iter().enumerate() {
            let gi = &gg["indicators"][k];
            let key = format!("{g}|{ids}|{}", s(&ind["no"]));
            add("indicator names", format!("{key}|{}", s(&ind["name"])));
            add("targets", format!("{key}|{}", value_fact(&ind["target"])));
            add("actuals", format!("{key}|{}", value_fact(&ind["actual"])));
            let status = if is_gold {
                &ind["status"]
            } else {
                &ind["achievement"]["status"]
            };
            add("statuses", format!("{key}|{}", s(status)));
            if gi.get("rule").is_some() {
                let rule = if is_gold {
                    &ind["rule"]
                } else {
                    &ind["achievement"]["rule"]
                };
                add("rules", format!("{key}|{}", s(rule)));
            }
            for which in ["target", "actual"] {
                if gi[which].get("bound").is_some() {
                    add(
                        "bounds",
                        format!("{key}|{which}|{}", s(&ind[which]["bound"])),
                    );
                }
            }
        }
    }
    f
}

#[test]
fn gold_fields_have_full_precision_and_recall() {
    let dir = root().join("corpus/gold");
    let mut golds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    golds.sort();
    assert!(!golds.is_empty(), "no gold files in {}", dir.display());
    let mut total: std::collections::BTreeMap<&str, (usize, usize, usize)> = Default::default();
    let mut misses = Vec::new();
    for path in golds {
        let gold: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rel = gold["file"].as_str().unwrap();
        let doc = document(rel);
        let want = facts(&gold, &gold);
        let got = facts(&doc, &gold);
        let codes: BTreeSet<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        for code in gold["diagnostic_codes"].as_array().into_iter().flatten() {
            let code = code.as_str().unwrap();
            if !codes.contains(code) {
                misses.push(format!(
                    "{rel}: diagnostics: expected {code}, got {codes:?}"
                ));
            }
        }
        for (k, w) in &want {
            let empty = BTreeSet::new();
            let g = got.get(k).unwrap_or(&empty);
            let hit = w.intersection(g).count();
            let e = total.entry(k).or_default();
            e.0 += hit;
            e.1 += g.len();
            e.2 += w.len();
            for miss in w.difference(g) {
                misses.push(format!("{rel}: {k}: expected {miss}"));
            }
            for extra in g.difference(w) {
                misses.push(format!("{rel}: {k}: got      {extra}"));
            }
        }
    }
    println!(
        "{:<16} {:>9} {:>9} {:>6}",
        "field type", "precision", "recall", "gold"
    );
    for (k, (hit, got, want)) in &total {
        let p = if *got == 0 {
            1.0
        } else {
            *hit as f64 / *got as f64
        };
        let r = if *want == 0 {
            1.0
        } else {
            *hit as f64 / *want as f64
        };
        println!("{k:<16} {:>8.1}% {:>8.1}% {want:>6}", p * 100.0, r * 100.0);
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Encodings

/// The document without `source`, which is the only part allowed to differ between encodings.
fn structure_of(bytes: &[u8]) -> Json {
    let parsed = mokuhyo_parse::parse(bytes, "x").unwrap();
    let mut doc = to_json(&parsed);
    doc.as_object_mut().unwrap().remove("source");
    doc
}

#[test]
fn seed_in_every_encoding_gives_the_same_structure() {
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let want = structure_of(text.as_bytes());
    let legacy = |e: &'static encoding_rs::Encoding| {
        let (bytes, _, unmappable) = e.encode(&text);
        assert!(
            !unmappable,
            "the seed has characters {} cannot hold",
            e.name()
        );
        (e.name().to_string(), bytes.into_owned())
    };
    let utf16 = |le: bool| {
        let mut b = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        (if le { "UTF-16LE" } else { "UTF-16BE" }.to_string(), b)
    };
    let mut bom_crlf = vec![0xEF, 0xBB, 0xBF];
    bom_crlf.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    let variants = [
        legacy(encoding_rs::SHIFT_JIS),
        legacy(encoding_rs::EUC_JP),
        utf16(true),
        utf16(false),
        ("UTF-8 BOM CRLF".to_string(), bom_crlf),
    ];
    for (name, bytes) in variants {
        assert_eq!(structure_of(&bytes), want, "{name}");
        let enc = mokuhyo_parse::parse(&bytes, "x")
            .unwrap()
            .report
            .source
            .encoding;
        let expected = if name.starts_with("UTF-8") {
            "UTF-8"
        } else {
            name.as_str()
        };
        assert_eq!(enc, expected);
    }
}

/// The encoding each variant under `corpus/encodings/` (`NAME.VARIANT.txt`) is written in.
fn variant_encoding(variant: &str) -> &'static str {
    match variant {
        v if v.starts_with("utf8") => "UTF-8",
        v if v.starts_with("utf16le") => "UTF-16LE",
        v if v.starts_with("utf16be") => "UTF-16BE",
        v if v.starts_with("cp932") || v.starts_with("sjis") => "Shift_JIS",
        v if v.starts_with("eucjp") => "EUC-JP",
        v => panic!("unknown encoding variant {v}"),
    }
}

#[test]
fn encoded_corpus_variants_give_their_originals_structure() {
    let originals: Vec<String> = inputs()
        .into_iter()
        .filter(|r| !r.starts_with("corpus/encodings/"))
        .collect();
    let variants: Vec<String> = inputs()
        .into_iter()
        .filter(|r| r.starts_with("corpus/encodings/"))
        .collect();
    for rel in &variants {
        let file = rel.rsplit('/').next().unwrap();
        let mut parts = file.splitn(3, '.');
        let (name, variant) = (parts.next().unwrap(), parts.next().unwrap());
        let original = originals
            .iter()
            .find(|o| {
                let f = o.rsplit('/').next().unwrap();
                f.rsplit_once('.').is_some_and(|(stem, _)| stem == name)
            })
            .unwrap_or_else(|| panic!("{rel}: no original named {name}.* in corpus/"));
        let bytes = std::fs::read(root().join(rel)).unwrap();
        let want = structure_of(&std::fs::read(root().join(original)).unwrap());
        assert_eq!(structure_of(&bytes), want, "{rel} differs from {original}");
        let enc = mokuhyo_parse::parse(&bytes, rel)
            .unwrap()
            .report
            .source
            .encoding;
        assert_eq!(enc, variant_encoding(variant), "{rel}");
    }
}
