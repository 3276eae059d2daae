//! Reading numbers as letters write them: "1,000", "1.2 million",
//! "two hundred fifty", "twelve thousand three hundred forty-five".

/// The alternation of number words, for use inside larger patterns.
pub(crate) const NUMBER_WORD: &str = "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)";

/// Parses a number written in digits (with optional thousands separators,
/// decimals and a scale word) or in English words. Returns `None` for
/// anything it cannot read exactly, including fractional counts ("2.5") and
/// values that overflow.
pub(crate) fn parse_number(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        parse_digits(s)
    } else {
        parse_words(s)
    }
}

fn scale_of(word: &str) -> Option<u64> {
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        _ => None,
    }
}

/// "12,345", "1.2 million", "3 thousand".
fn parse_digits(s: &str) -> Option<u64> {
    let (number, scale) = match s.split_once(char::is_whitespace) {
        Some((n, word)) => (n, scale_of(&word.trim().to_ascii_lowercase())?),
        None => (s, 1),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let int: String = int.chars().filter(|&c| c != ',').collect();
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u128 = int.parse().ok()?;
    let mut value = int.checked_mul(u128::from(scale))?;
    if !frac.is_empty() {
        if frac.len() > 9 {
            return None;
        }
        let digits: u128 = frac.parse().ok()?;
        let denom = 10u128.pow(u32::try_from(frac.len()).ok()?);
        let scaled = digits.checked_mul(u128::from(scale))?;
        // A count of people is whole: "2.5 patients" is not a count.
        if scaled % denom != 0 {
            return None;
        }
        value = value.checked_add(scaled / denom)?;
    }
    u64::try_from(value).ok()
}

fn small_word(word: &str) -> Option<u64> {
    let v = match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v)
}

/// "two hundred and fifty", "one thousand", "twelve thousand three hundred forty-five".
fn parse_words(s: &str) -> Option<u64> {
    let lower = s.to_lowercase();
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut seen = false;
    for word in lower.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() || word == "and" {
            continue;
        }
        if let Some(v) = small_word(word) {
            current = current.checked_add(v)?;
            seen = true;
        } else if word == "hundred" {
            current = current.max(1).checked_mul(100)?;
            seen = true;
        } else if let Some(scale) = scale_of(word) {
            total = total.checked_add(current.max(1).checked_mul(scale)?)?;
            current = 0;
            seen = true;
        } else {
            return None;
        }
    }
    if !seen {
        return None;
    }
    total.checked_add(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(parse_number("1,000"), Some(1000));
        assert_eq!(parse_number("12345"), Some(12345));
        assert_eq!(parse_number("1.2 million"), Some(1_200_000));
        assert_eq!(parse_number("1.25 thousand"), Some(1250));
        assert_eq!(parse_number("3 Thousand"), Some(3000));
        assert_eq!(parse_number("2.5"), None);
        assert_eq!(parse_number("99999999999999999999999"), None);
        assert_eq!(parse_number("1.2 zillion"), None);
    }

    #[test]
    fn words() {
        assert_eq!(parse_number("one thousand"), Some(1000));
        assert_eq!(parse_number("two hundred fifty"), Some(250));
        assert_eq!(parse_number("two hundred and fifty"), Some(250));
        assert_eq!(parse_number("Forty-Five"), Some(45));
        assert_eq!(
            parse_number("twelve thousand three hundred forty-five"),
            Some(12345)
        );
        assert_eq!(parse_number("three million"), Some(3_000_000));
        assert_eq!(parse_number("hundred"), Some(100));
        assert_eq!(parse_number("and"), None);
        assert_eq!(parse_number("many"), None);
    }

    #[test]
    fn never_overflows() {
        assert_eq!(
            parse_number("billion billion billion billion billion billion billion"),
            Some(7_000_000_000)
        );
        assert_eq!(parse_number(&"ninety ".repeat(1000)), Some(90_000));
    }
}
