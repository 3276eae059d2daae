//! Rule sets: the TOML format ([`model`]), loading with located errors
//! ([`load`]), one file per rule kind ([`kinds`]), and the rule sets built
//! into the binary ([`builtin`]).

pub mod builtin;
pub mod kinds;
pub mod load;
pub mod model;
mod stored;
pub mod testing;

pub use kinds::deadline::{Event, Spec as DeadlineSpec};
pub use kinds::report_match::NarrativeRule;
pub use kinds::{Check, RuleKind};
pub use load::{Origin, Rule, RuleSet};
