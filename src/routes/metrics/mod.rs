//! `GET /metrics`: Prometheus text format, behind its own bearer token.

pub mod scrape;
