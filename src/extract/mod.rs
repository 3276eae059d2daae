//! Facts extracted from a notice's text: dates, counts, contacts, data types.
