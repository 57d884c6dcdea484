//! Circled numbers (①–⑳, ㉑–㊿): they carry structure, so normalization keeps them.

/// The value of a circled number character, 1–50.
pub fn value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        _ => None,
    }
}

/// Whether `c` is a circled number.
pub fn is_circled(c: char) -> bool {
    value(c).is_some()
}

/// The circled number character for 1–50.
pub fn to_char(n: u32) -> Option<char> {
    let u = match n {
        1..=20 => 0x2460 + n - 1,
        21..=35 => 0x3251 + n - 21,
        36..=50 => 0x32B1 + n - 36,
        _ => return None,
    };
    char::from_u32(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_round_trip_all_fifty() {
        for n in 1..=50 {
            let c = to_char(n).unwrap();
            assert_eq!(value(c), Some(n), "{c}");
        }
    }

    #[test]
    fn err_plain_digits_are_not_circled() {
        assert_eq!(value('1'), None);
        assert_eq!(value('⑴'), None);
        assert_eq!(to_char(0), None);
        assert_eq!(to_char(51), None);
    }
}
