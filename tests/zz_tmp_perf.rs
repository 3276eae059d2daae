use breachlint::extract::extract;
use std::time::Instant;
#[test]
fn perf() {
    let cases: Vec<(&str, String)> = vec![
        (
            "dates one sentence",
            "June 1, 2024 and we discovered incident between June 2 and June 3, 2024 that "
                .repeat(3000),
        ),
        ("lines", "On June 5, 2024, we learned of it.\n".repeat(5000)),
        ("no spaces", "a".repeat(300_000)),
        ("digits", "1".repeat(300_000)),
        ("digit groups", "123-45-6789 ".repeat(20000)),
        ("names lists", "names, addresses, no SSN, ".repeat(10000)),
        ("url", format!("https://{}", "a".repeat(200_000))),
        ("periods", ". ".repeat(100_000)),
        ("newlines", "\n".repeat(200_000)),
        ("street", "100 Main Street ".repeat(10000)),
        ("numbers words", "one two three four five ".repeat(10000)),
        ("thats", "that ".repeat(50000)),
        ("date + cues", "we discovered that June 5 ".repeat(10000)),
        ("tty", "TTY 711 ".repeat(20000)),
        ("phones", "1-800-555-0123 ".repeat(20000)),
    ];
    for (name, text) in cases {
        let t = Instant::now();
        let x = extract(&text);
        println!(
            "{name:<20} {:>8} bytes {:>8.1} ms  dates {}",
            text.len(),
            t.elapsed().as_secs_f64() * 1000.0,
            x.dates.len()
        );
    }
}
