//! Value cells on arbitrary text: every quantity is finite, and comparing any two readings
//! gives an achievement with a finite ratio or none. Never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mokuhyo_parse::values::{achievement, read};

fuzz_target!(|text: &str| {
    let reading = read(text);
    for q in &reading.quantities {
        assert!(q.value.0.is_finite(), "{text:?}: {:?}", q.value);
    }
    if let Some(note) = &reading.note {
        assert!(!note.is_empty());
    }
    // The text split in two, as a target and an actual: `35%|32%`.
    let (target, actual) = text.split_once('|').unwrap_or((text, text));
    let (t, a) = (read(target), read(actual));
    for (x, y) in [(&t, &a), (&a, &t), (&reading, &reading)] {
        let ach = achievement(Some(&x.quantities), Some(&y.quantities));
        if let Some(r) = ach.ratio {
            assert!(r.is_finite(), "{text:?}: ratio {r:?}");
        }
    }
    let _ = achievement(Some(&t.quantities), None);
    let _ = achievement(None, Some(&a.quantities));
});
