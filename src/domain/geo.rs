//! Geographic positions of cameras and distance between them.

use super::ValidationError;

/// A WGS84 position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Coordinates {
    pub fn new(lat: f64, lon: f64) -> Result<Self, ValidationError> {
        if !lat.is_finite()
            || !lon.is_finite()
            || !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
        {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidCoordinates,
                "latitude must be within ±90 and longitude within ±180 degrees",
            ));
        }
        Ok(Self { lat, lon })
    }

    /// Parses `LAT,LON` as used by `?near=`.
    pub fn parse_pair(raw: &str) -> Result<Self, ValidationError> {
        let bad = || {
            ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidCoordinates,
                "expected `LAT,LON` in decimal degrees",
            )
        };
        let (a, b) = raw.split_once(',').ok_or_else(bad)?;
        let lat = a.trim().parse::<f64>().map_err(|_| bad())?;
        let lon = b.trim().parse::<f64>().map_err(|_| bad())?;
        Self::new(lat, lon)
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle distance in metres (haversine).
    pub fn distance_m(self, other: Coordinates) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// A latitude/longitude box that contains every point within `radius_m`;
    /// used to pre-filter in SQL before the exact distance is computed.
    pub fn bounding_box(self, radius_m: f64) -> (f64, f64, f64, f64) {
        let dlat = (radius_m / EARTH_RADIUS_M).to_degrees();
        let cos = self.lat.to_radians().cos().abs().max(1e-6);
        let dlon = (dlat / cos).min(180.0);
        (
            self.lat - dlat,
            self.lat + dlat,
            self.lon - dlon,
            self.lon + dlon,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_matches_known_value() {
        // Connaught Place to India Gate, New Delhi: about 2.4 km.
        let cp = Coordinates::new(28.6315, 77.2167).unwrap();
        let ig = Coordinates::new(28.6129, 77.2295).unwrap();
        let d = cp.distance_m(ig);
        assert!((2_300.0..2_500.0).contains(&d), "{d}");
    }

    #[test]
    fn rejects_out_of_range_and_garbage() {
        assert!(Coordinates::new(91.0, 0.0).is_err());
        assert!(Coordinates::new(0.0, f64::NAN).is_err());
        assert!(Coordinates::parse_pair("12.5").is_err());
        assert!(Coordinates::parse_pair("a,b").is_err());
        assert!(Coordinates::parse_pair("12.5, 77.1").is_ok());
    }

    #[test]
    fn bounding_box_contains_radius() {
        let c = Coordinates::new(19.07, 72.87).unwrap();
        let (lat0, lat1, lon0, lon1) = c.bounding_box(1000.0);
        let east = Coordinates::new(19.07, lon1).unwrap();
        let north = Coordinates::new(lat1, 72.87).unwrap();
        assert!(c.distance_m(east) >= 999.0);
        assert!(c.distance_m(north) >= 999.0);
        assert!(lat0 < 19.07 && lon0 < 72.87);
    }
}
