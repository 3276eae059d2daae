//! Value types of the facts file that need friendlier errors than serde's
//! defaults: counts of people, and "one value or a list of values".

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde_spanned::Spanned;

/// A number of people: a non-negative TOML integer.
///
/// Quoted numbers, numbers with thousands separators in a string, decimals
/// and negative numbers are rejected with a message that shows how to write
/// the value (TOML allows `1_000` as a digit separator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count(pub u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Count;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of people")
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v).map(Count).map_err(|_| {
                    E::custom(format!(
                        "a number of people cannot be negative, found {v}\n\
                         help: write the number of people affected, or 0"
                    ))
                })
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Count, E> {
                let help = if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                    format!("write it without a decimal point: {}", v as u64)
                } else {
                    "write a whole number, such as 1000 or 1_000".to_string()
                };
                Err(E::custom(format!(
                    "expected a whole number of people, found the decimal {v}\nhelp: {help}"
                )))
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Count, E> {
                let digits: String = s
                    .trim()
                    .chars()
                    .filter(|c| !matches!(c, ',' | '_' | ' '))
                    .collect();
                let help = match digits.parse::<u64>() {
                    Ok(n) => format!("write the number without quotes: {n}"),
                    Err(_) => "write a whole number without quotes, such as 1000 or 1_000; \
                               an estimate is written as the estimated number"
                        .to_string(),
                };
                Err(E::custom(format!(
                    "expected a whole number of people, found a quoted string\nhelp: {help}"
                )))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// A key that takes either one value or an array of values
/// (`notice-method = "mail"` or `notice-method = ["mail", "website"]`).
///
/// Used as `Spanned<OneOrMany<T>>`: a single value takes the span of the whole
/// field, each array element keeps its own.
#[derive(Debug, Clone)]
pub(crate) enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// An array; each element keeps its span.
    Many(Vec<Spanned<T>>),
}

impl<T> OneOrMany<T> {
    /// The values with their spans; a single value gets `whole`.
    pub fn into_spanned(self, whole: std::ops::Range<usize>) -> Vec<Spanned<T>> {
        match self {
            OneOrMany::One(v) => vec![Spanned::new(whole, v)],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                T::deserialize(s.into_deserializer()).map(OneOrMany::One)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Spanned<T>>()? {
                    out.push(v);
                }
                Ok(OneOrMany::Many(out))
            }
        }

        deserializer.deserialize_any(Visitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct C {
        n: Count,
    }

    #[derive(Deserialize, Debug)]
    struct L {
        v: Spanned<OneOrMany<String>>,
    }

    fn count_err(src: &str) -> String {
        toml::from_str::<C>(src).unwrap_err().message().to_string()
    }

    #[test]
    fn counts() {
        assert_eq!(toml::from_str::<C>("n = 1_000").unwrap().n, Count(1000));
        assert!(count_err("n = -3").contains("cannot be negative"));
        assert!(count_err("n = \"1,000\"").contains("help: write the number without quotes: 1000"));
        assert!(count_err("n = \"about a hundred\"").contains("quoted string"));
        assert!(count_err("n = 12.0").contains("without a decimal point: 12"));
        assert!(count_err("n = 12.5").contains("whole number"));
        assert!(count_err("n = true").contains("a whole number of people"));
    }

    #[test]
    fn one_or_many_keeps_spans() {
        let src = "v = \"a\"";
        let l: L = toml::from_str(src).unwrap();
        let span = l.v.span();
        let items = l.v.into_inner().into_spanned(span);
        assert_eq!(&src[items[0].span()], "\"a\"");

        let src = "v = [\"a\", \"bc\"]";
        let l: L = toml::from_str(src).unwrap();
        let span = l.v.span();
        let items = l.v.into_inner().into_spanned(span);
        assert_eq!(&src[items[1].span()], "\"bc\"");
        assert!(toml::from_str::<L>("v = 3").is_err());
    }
}
