//! Which municipality a report belongs to: the 全国地方公共団体コード check and detection of
//! the city, town or village from the text.
//!
//! A report rarely states its municipality in a field: the name appears in the title of a web
//! page (`真庭市 部局経営目標`), in the body (`真庭市の魅力を発信`), or not at all. Detection
//! counts the names that end in a municipal suffix (市, 町, 村, 区) and keeps one only when it
//! clearly dominates; otherwise it says nothing, since a wrong city in a published table is
//! worse than none.

use crate::model::{Municipality, MunicipalitySource};

/// Whether `code` is a valid 6-digit 全国地方公共団体コード: six ASCII digits whose last is the
/// check digit of the first five (weights 6, 5, 4, 3, 2; 11 minus the weighted sum mod 11,
/// keeping the last digit of that).
///
/// # Errors
///
/// Why the code is not valid, in words (lowercase, no final period).
///
/// ```
/// use mokuhyo_parse::municipality::check_lg_code;
/// assert!(check_lg_code("332143").is_ok()); // 真庭市
/// assert!(check_lg_code("332144").is_err());
/// ```
pub fn check_lg_code(code: &str) -> Result<(), String> {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if code.len() != 6 || digits.len() != 6 {
        return Err(format!(
            "{code:?} is not a local government code: six digits expected, as in 332143"
        ));
    }
    let want = check_digit(&digits[..5]);
    if digits[5] != want {
        return Err(format!(
            "{code:?} is not a local government code: its check digit is {}, {want} expected",
            digits[5]
        ));
    }
    Ok(())
}

/// The check digit of the first five digits of a 全国地方公共団体コード.
fn check_digit(first: &[u32]) -> u32 {
    let sum: u32 = first.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10
}

/// Municipal suffixes: a name ends in one of these.
const SUFFIXES: [char; 4] = ['市', '町', '村', '区'];

/// Words ending in a suffix that are not a municipality's name: the part before the suffix.
/// (`本市` this city, `都市` a city, `市町村` municipalities, `地区` a district …)
const NOT_NAMES: [&str; 32] = [
    "本", "当", "全", "各", "同", "他", "都", "両", "旧", "新", "一", "地", "学", "校", "山", "農",
    "漁", "町", "市", "村", "県内", "市内", "近隣", "周辺", "中心", "城下", "門前", "特別", "政令",
    "中核", "指定", "行政",
];

/// Prefecture words that can precede a name in the same run of kanji (`岡山県真庭市`).
const PREFECTURE_ENDS: [char; 4] = ['県', '都', '府', '道'];

/// The municipality named by `text`, when one clearly dominates: a name in `title` (the
/// report's title line) wins; then a name in `header` (what comes before the title, such as
/// a saved page's `<title>朝霧市ホームページ</title>`) when it is the only name there and no
/// other place is mentioned more often; otherwise the most mentioned name counts if it is
/// mentioned at least three times and at least three times as often as any other. `None`
/// when unsure.
///
/// ```
/// use mokuhyo_parse::municipality::detect;
/// let text = "真庭市の魅力を発信。真庭市の観光。真庭市民の暮らし。岡山市と連携。";
/// assert_eq!(detect(None, None, text).map(|m| m.name), Some(Some("真庭市".to_string())));
/// assert!(detect(None, None, "岡山市と倉敷市の連携。岡山市の予算。倉敷市の予算。").is_none());
/// let page = "<title>市民部の経営目標 - 朝霧市ホームページ</title>\n令和6年度 部局経営目標";
/// assert_eq!(
///     detect(None, Some("<title>市民部の経営目標 - 朝霧市ホームページ</title>"), page)
///         .and_then(|m| m.name),
///     Some("朝霧市".to_string())
/// );
/// ```
pub fn detect(title: Option<&str>, header: Option<&str>, text: &str) -> Option<Municipality> {
    let found = |name: String| Municipality {
        name: Some(name),
        code: None,
        source: MunicipalitySource::Text,
    };
    let only = |s: &str| {
        let names = names_in(s);
        let first = names.first()?.clone();
        names.iter().all(|n| *n == first).then_some(first)
    };
    if let Some(name) = title.and_then(only) {
        return Some(found(name));
    }
    let in_header = header.and_then(only);
    // Name → (mentions, first mention); a map, so that a text of many names stays linear.
    let mut seen: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for (at, name) in names_in(text).into_iter().enumerate() {
        seen.entry(name).or_insert((0, at)).0 += 1;
    }
    let mut counts: Vec<(String, usize, usize)> =
        seen.into_iter().map(|(n, (c, at))| (n, c, at)).collect();
    // Most mentioned first; ties keep the order of first mention, so the result never depends
    // on anything but the text.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    if let Some(name) = in_header {
        let mentions = counts.iter().find(|c| c.0 == name).map_or(0, |c| c.1);
        if counts.first().is_none_or(|c| c.1 <= mentions) {
            return Some(found(name));
        }
    }
    let (name, n, _) = counts.first()?.clone();
    let second = counts.get(1).map_or(0, |c| c.1);
    (n >= 3 && n >= 3 * second).then(|| found(name))
}

/// Every municipality-like name in `text`, in order: a run of kanji ending in a suffix, with
/// a leading prefecture (`岡山県`) cut off, unless the part before the suffix is a common word.
fn names_in(text: &str) -> Vec<String> {
    // Where the suffixes are: a byte search per suffix (each is a whole UTF-8 character, so
    // every match starts on a character boundary), in text order.
    let mut at: Vec<(usize, char)> = SUFFIXES
        .iter()
        .flat_map(|&c| {
            let mut buf = [0; 4];
            let needle = c.encode_utf8(&mut buf).as_bytes().to_vec();
            memchr::memmem::find_iter(text.as_bytes(), &needle)
                .map(move |i| (i, c))
                .collect::<Vec<_>>()
        })
        .collect();
    at.sort_unstable();
    let mut out = Vec::new();
    for (i, c) in at {
        let before = text[..i].chars().next_back();
        // A suffix right after another suffix (`市町村`) ends no name.
        if before.is_some_and(|p| SUFFIXES.contains(&p)) {
            continue;
        }
        // The run of kanji before the suffix, at most 6 long, read backwards.
        let mut run: Vec<char> = text[..i]
            .chars()
            .rev()
            .take(6)
            .take_while(|&ch| is_kanji(ch))
            .collect();
        run.reverse();
        let mut stem: &[char] = &run;
        // A prefecture or a larger municipality before the name: keep what follows it, when
        // the part before is at least two characters (`京都市` is a name, `東京都港区` is not).
        if let Some(cut) = stem
            .iter()
            .enumerate()
            .rev()
            .find(|&(k, ch)| k >= 2 && (PREFECTURE_ENDS.contains(ch) || SUFFIXES.contains(ch)))
            .map(|(k, _)| k)
        {
            stem = &stem[cut + 1..];
        }
        if stem.is_empty() || stem.len() > 4 {
            continue;
        }
        let stem: String = stem.iter().collect();
        // The suffix inside a longer word (`真庭市民`) still names the place.
        if !NOT_NAMES.contains(&stem.as_str()) {
            out.push(format!("{stem}{c}"));
        }
    }
    out
}

/// CJK unified ideographs (and 々, which repeats one).
fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// The municipality named on the command line: `name` and `code` as given (the code already
/// checked with [`check_lg_code`]). With only a code, the detected name is kept beside it.
pub fn from_options(
    name: Option<&str>,
    code: Option<&str>,
    detected: Option<Municipality>,
) -> Option<Municipality> {
    if name.is_none() && code.is_none() {
        return detected;
    }
    let name = match name {
        Some(n) => Some(n.to_string()),
        None => detected.and_then(|m| m.name),
    };
    Some(Municipality {
        name,
        code: code.map(str::to_string),
        source: MunicipalitySource::Option,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_check_digits() {
        // Codes published with their check digits: 真庭市, 岡山市, 札幌市, 千代田区, 那覇市.
        for code in ["332143", "331007", "011002", "131016", "472018"] {
            assert_eq!(check_lg_code(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn err_bad_codes() {
        for code in ["332144", "33214", "3321430", "33214a", "３３２１４３", ""] {
            assert!(check_lg_code(code).is_err(), "{code}");
        }
        let why = check_lg_code("332140").unwrap_err();
        assert!(why.contains("check digit is 0, 3 expected"), "{why}");
    }

    fn name(title: Option<&str>, text: &str) -> Option<String> {
        detect(title, None, text).and_then(|m| m.name)
    }

    #[test]
    fn ok_page_header_names_the_city_unless_contradicted() {
        let header = "<title>健康づくり部の経営目標 - 朝霧市ホームページ</title>";
        let got = |text: &str| detect(None, Some(header), text).and_then(|m| m.name);
        let body = format!("{header}\n令和6年度 部局経営目標\n市民の健康を守ります。");
        assert_eq!(got(&body), Some("朝霧市".into()));
        // Another place mentioned more often than the header's: unsure.
        let body = format!("{header}\n岡山市と連携。岡山市の予算。");
        assert_eq!(got(&body), None);
        // Two places in the header say nothing by themselves.
        assert_eq!(
            detect(None, Some("朝霧市と岡山市"), "朝霧市と岡山市").and_then(|m| m.name),
            None
        );
    }

    #[test]
    fn ok_title_names_the_city() {
        assert_eq!(
            name(Some("真庭市 部局経営目標"), "岡山市と連携します。"),
            Some("真庭市".into())
        );
        assert_eq!(
            name(Some("岡山県真庭市 部局経営目標"), ""),
            Some("真庭市".into())
        );
    }

    #[test]
    fn ok_dominant_name_in_the_text() {
        let text =
            "真庭市の観光。真庭市民の声。真庭市の森林。真庭市と岡山市。本市の方針。都市計画。";
        assert_eq!(name(None, text), Some("真庭市".into()));
    }

    #[test]
    fn err_unsure_is_none() {
        // Too few mentions, or two places mentioned about as often.
        assert_eq!(name(None, "真庭市の観光。真庭市の森林。"), None);
        assert_eq!(name(None, "真庭市。真庭市。真庭市。岡山市。岡山市。"), None);
        // Common words that end in a suffix are not names.
        assert_eq!(
            name(
                None,
                "本市の方針。本市の施策。本市の予算。都市計画。市町村。地区。"
            ),
            None
        );
        // A title with two different names says nothing by itself.
        assert_eq!(name(Some("真庭市・岡山市 連携"), ""), None);
    }

    #[test]
    fn ok_names_cut_prefecture_and_keep_towns() {
        assert_eq!(names_in("岡山県真庭市"), ["真庭市"]);
        assert_eq!(names_in("東京都港区と京都市"), ["港区", "京都市"]);
        assert_eq!(names_in("久世町の町内会"), ["久世町"]);
        assert!(names_in("市町村の都市計画").is_empty());
    }

    #[test]
    fn ok_options_override_detection() {
        let detected = detect(Some("真庭市"), None, "");
        let m = from_options(None, Some("332143"), detected.clone()).expect("some");
        assert_eq!(m.name.as_deref(), Some("真庭市"));
        assert_eq!(m.code.as_deref(), Some("332143"));
        assert_eq!(m.source, MunicipalitySource::Option);
        let m = from_options(Some("津山市"), None, detected.clone()).expect("some");
        assert_eq!(m.name.as_deref(), Some("津山市"));
        assert_eq!(m.code, None);
        assert_eq!(from_options(None, None, detected.clone()), detected);
    }
}
