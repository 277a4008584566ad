//! UTC conversions between the API's `DateTime<Utc>` and the naive UTC
//! timestamps both backends store.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    // Microseconds are what PostgreSQL keeps; trimming here makes both
    // backends store and return the same instant.
    t.naive_utc().trunc_subsecs(6)
}

pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn now() -> NaiveDateTime {
    to_db(Utc::now())
}
