//! Rule sets: the TOML format ([`model`]), loading with located errors
//! ([`load`]), and the rule sets built into the binary ([`builtin`]).

pub mod builtin;
pub mod load;
pub mod model;
pub mod testing;

pub use load::{Check, DeadlineSpec, Event, NarrativeRule, Origin, Rule, RuleSet};
