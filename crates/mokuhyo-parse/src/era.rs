//! Japanese era dates: `令和4年度`, `令和5年3月31日`, `R5.3.31`, `R4年度`, `2022年度`.

use crate::model::FiscalYear;
use regex::Regex;
use std::sync::LazyLock;

/// The eras this parser knows, with the Western year of their first year and their initial.
const ERAS: [(&str, i32, char); 5] = [
    ("明治", 1868, 'M'),
    ("大正", 1912, 'T'),
    ("昭和", 1926, 'S'),
    ("平成", 1989, 'H'),
    ("令和", 2019, 'R'),
];

/// A year read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EraYear {
    /// The era's name, or `None` for a Western year.
    pub era: Option<&'static str>,
    /// Year within the era (元年 = 1).
    pub era_year: Option<u32>,
    /// Western year.
    pub year: i32,
}

impl EraYear {
    /// The fiscal year starting in this year, as written in `label` on source line `line`.
    pub(crate) fn fiscal_year(&self, label: String, line: u32) -> FiscalYear {
        let (start, end) = fiscal_bounds(self.year);
        FiscalYear {
            label,
            era: self.era.map(str::to_string),
            era_year: self.era_year,
            year: self.year,
            start,
            end,
            line,
            span: Default::default(),
        }
    }
}

fn era_by_name(name: &str) -> Option<(&'static str, i32)> {
    ERAS.iter()
        .find(|(n, _, initial)| *n == name || name.len() == 1 && name.starts_with(*initial))
        .map(|(n, base, _)| (*n, *base))
}

fn era_year(era: &str, num: &str) -> Option<EraYear> {
    let (name, base) = era_by_name(era)?;
    let n: u32 = if num == "元" { 1 } else { num.parse().ok()? };
    if n == 0 || n > 99 {
        return None;
    }
    Some(EraYear {
        era: Some(name),
        era_year: Some(n),
        year: base + n as i32 - 1,
    })
}

static FISCAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})(?:\s*\(\s*\d{4}\s*\))?",
        r"|(\d{4})(?:\s*\(\s*(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:元|\d{1,2})\s*\))?)",
        r"\s*年度"
    ))
    .unwrap()
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})|(\d{4}))\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日",
        r"|([MTSHR])\s*(元|\d{1,2})[./](\d{1,2})[./](\d{1,2})",
        r"|(\d{4})[./-](\d{1,2})[./-](\d{1,2})"
    ))
    .unwrap()
});

/// Finds the first fiscal year (`…年度`) in `text`; returns it with the matched range.
pub fn find_fiscal_year(text: &str) -> Option<(EraYear, std::ops::Range<usize>)> {
    for c in FISCAL.captures_iter(text) {
        let m = c.get(0)?;
        let y = match (c.get(1), c.get(2), c.get(3)) {
            (Some(e), Some(n), _) => era_year(e.as_str(), n.as_str()),
            (_, _, Some(w)) => w
                .as_str()
                .parse()
                .ok()
                .filter(|y| (1868..=2999).contains(y))
                .map(|year| EraYear {
                    era: None,
                    era_year: None,
                    year,
                }),
            _ => None,
        };
        if let Some(y) = y {
            return Some((y, m.range()));
        }
    }
    None
}

/// First and last day of the fiscal year starting in April of `year`.
pub fn fiscal_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-04-01"), format!("{:04}-03-31", year + 1))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses the first date in `text` to ISO 8601; `None` when there is none or it is invalid.
pub fn parse_date(text: &str) -> Option<String> {
    let c = DATE.captures(text)?;
    let get = |i: usize| c.get(i).map(|m| m.as_str());
    let (year, month, day) = if let Some(e) = get(1) {
        (era_year(e, get(2)?)?.year, get(4)?, get(5)?)
    } else if let Some(w) = get(3) {
        (w.parse().ok()?, get(4)?, get(5)?)
    } else if let Some(e) = get(6) {
        (era_year(e, get(7)?)?.year, get(8)?, get(9)?)
    } else {
        (get(10)?.parse().ok()?, get(11)?, get(12)?)
    };
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(text: &str) -> Option<i32> {
        find_fiscal_year(text).map(|(y, _)| y.year)
    }

    #[test]
    fn ok_fiscal_years_in_every_era() {
        assert_eq!(year("令和4年度"), Some(2022));
        assert_eq!(year("令和元年度"), Some(2019));
        assert_eq!(year("平成31年度"), Some(2019));
        assert_eq!(year("昭和64年度"), Some(1989));
        assert_eq!(year("大正元年度"), Some(1912));
        assert_eq!(year("明治45年度"), Some(1912));
        assert_eq!(year("R4年度"), Some(2022));
        assert_eq!(year("H30年度"), Some(2018));
        assert_eq!(year("2021年度 部局経営目標"), Some(2021));
        assert_eq!(year("令和4(2022)年度"), Some(2022));
        assert_eq!(year("2019(令和元)年度"), Some(2019));
        assert_eq!(year("平成元年度"), Some(1989));
        assert_eq!(year("S63年度"), Some(1988));
        let (y, r) = find_fiscal_year("令和 5 年度 部局経営目標").unwrap();
        assert_eq!((y.era, y.era_year, r.start), (Some("令和"), Some(5), 0));
        assert_eq!(
            fiscal_bounds(2022),
            ("2022-04-01".into(), "2023-03-31".into())
        );
    }

    #[test]
    fn err_fiscal_year_needs_nendo_and_a_known_era() {
        assert_eq!(year("令和4年"), None);
        assert_eq!(year("天平4年度"), None);
        assert_eq!(year("令和0年度"), None);
        assert_eq!(year("9999年度"), None);
    }

    #[test]
    fn ok_dates() {
        assert_eq!(parse_date("令和5年3月31日").as_deref(), Some("2023-03-31"));
        assert_eq!(parse_date("令和元年5月1日").as_deref(), Some("2019-05-01"));
        assert_eq!(parse_date("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(parse_date("R5.3.31").as_deref(), Some("2023-03-31"));
        assert_eq!(parse_date("H31.3.29").as_deref(), Some("2019-03-29"));
        assert_eq!(parse_date("S63.4.1").as_deref(), Some("1988-04-01"));
        assert_eq!(parse_date("大正元年12月1日").as_deref(), Some("1912-12-01"));
        assert_eq!(parse_date("明治5年1月1日").as_deref(), Some("1872-01-01"));
        assert_eq!(parse_date("2024/2/29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("2023年 4月 1日").as_deref(), Some("2023-04-01"));
    }

    #[test]
    fn err_impossible_dates() {
        assert_eq!(parse_date("令和5年2月30日"), None);
        assert_eq!(parse_date("2023/2/29"), None);
        assert_eq!(parse_date("令和5年13月1日"), None);
        assert_eq!(parse_date("3月31日"), None);
    }

    #[test]
    fn ok_leap_days_follow_the_gregorian_rules() {
        // Divisible by 4: a leap year; by 100: not; by 400: again a leap year.
        assert_eq!(parse_date("2000/2/29").as_deref(), Some("2000-02-29"));
        assert_eq!(parse_date("平成12年2月29日").as_deref(), Some("2000-02-29"));
        assert_eq!(parse_date("2024年2月29日").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("2400/2/29").as_deref(), Some("2400-02-29"));
        assert_eq!(parse_date("2023/2/28").as_deref(), Some("2023-02-28"));
        for m in 1..=12u32 {
            let last = match m {
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let ok = format!("2023/{m}/{last}");
            assert_eq!(
                parse_date(&ok),
                Some(format!("2023-{m:02}-{last:02}")),
                "{ok}"
            );
            let over = format!("2023/{m}/{}", last + 1);
            assert_eq!(parse_date(&over), None, "{over}");
            assert_eq!(parse_date(&format!("2023/{m}/0")), None);
        }
    }

    #[test]
    fn err_leap_days_in_common_years() {
        assert_eq!(parse_date("1900/2/29"), None);
        assert_eq!(parse_date("2100/2/29"), None);
        assert_eq!(parse_date("2023/2/29"), None);
        assert_eq!(parse_date("令和5年2月29日"), None);
        assert_eq!(parse_date("R7.2.29"), None);
        assert_eq!(parse_date("2024/2/30"), None);
        assert_eq!(parse_date("2023/0/1"), None);
    }

    #[test]
    fn ok_era_initials_and_year_limits() {
        assert_eq!(year("R99年度"), Some(2117));
        assert_eq!(year("令和100年度"), None);
        assert_eq!(year("1868年度"), Some(1868));
        assert_eq!(year("1867年度"), None);
        assert_eq!(year("2999年度"), Some(2999));
        assert_eq!(year("3000年度"), None);
        assert_eq!(year("X4年度"), None);
        let (y, _) = find_fiscal_year("H元年度").unwrap();
        assert_eq!((y.era, y.era_year, y.year), (Some("平成"), Some(1), 1989));
        let (y, _) = find_fiscal_year("2022年度").unwrap();
        assert_eq!((y.era, y.era_year), (None, None));
    }
}
