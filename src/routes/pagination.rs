//! Page parameters and the page envelope shared by listings.

use serde::{Deserialize, Serialize};

use crate::domain::ValidationError;

pub const MAX_PER_PAGE: i64 = 100;

/// `page` counts from 1; `per_page` is 1-100 (default 25).
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Page {
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> Result<Self, ValidationError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(25);
        if page < 1 || !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidPage,
                format!("page must be ≥ 1 and per_page between 1 and {MAX_PER_PAGE}"),
            ));
        }
        if page > 1_000_000 {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidPage,
                "page is too large",
            ));
        }
        Ok(Self { page, per_page })
    }

    pub fn offset(self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}
