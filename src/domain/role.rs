//! User roles. Each user holds exactly one role, bound to one organisation.

use super::organisation::OrgKind;

text_enum!(
    Role, "role", InvalidRole, {
        Investigator => "investigator",
        StationSupervisor => "station_supervisor",
        /// Manages the accounts of their own police station.
        StationAdmin => "station_admin",
        Operator => "operator",
        IcccAdmin => "iccc_admin",
        Court => "court",
        /// Manages the accounts of their own court.
        CourtAdmin => "court_admin",
        Auditor => "auditor",
    }
);

impl Role {
    /// Roles that touch evidence, its configuration or other people's
    /// accounts must use TOTP.
    pub fn requires_mfa(self) -> bool {
        matches!(self, Role::Operator) || self.is_admin()
    }

    /// The organisation administrator roles: each manages the accounts of
    /// its own organisation, and only those.
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Role::IcccAdmin | Role::StationAdmin | Role::CourtAdmin
        )
    }

    /// The administrator role of an organisation of `kind`.
    pub fn admin_of(kind: OrgKind) -> Role {
        match kind {
            OrgKind::Iccc => Role::IcccAdmin,
            OrgKind::PoliceStation => Role::StationAdmin,
            OrgKind::Court => Role::CourtAdmin,
        }
    }

    /// Whether a user of this role may belong to an organisation of `kind`.
    /// Auditors may sit in any organisation.
    pub fn fits(self, kind: OrgKind) -> bool {
        match self {
            Role::Investigator | Role::StationSupervisor | Role::StationAdmin => {
                kind == OrgKind::PoliceStation
            }
            Role::Operator | Role::IcccAdmin => kind == OrgKind::Iccc,
            Role::Court | Role::CourtAdmin => kind == OrgKind::Court,
            Role::Auditor => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_role() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn mfa_only_for_operators_and_admins() {
        let mfa: Vec<_> = Role::ALL.into_iter().filter(|r| r.requires_mfa()).collect();
        assert_eq!(
            mfa,
            vec![
                Role::StationAdmin,
                Role::Operator,
                Role::IcccAdmin,
                Role::CourtAdmin
            ]
        );
        for kind in OrgKind::ALL {
            assert!(Role::admin_of(kind).is_admin() && Role::admin_of(kind).fits(kind));
        }
    }

    #[test]
    fn roles_fit_their_organisation_kind() {
        assert!(Role::Investigator.fits(OrgKind::PoliceStation));
        assert!(!Role::Investigator.fits(OrgKind::Iccc));
        assert!(Role::Operator.fits(OrgKind::Iccc));
        assert!(!Role::Operator.fits(OrgKind::Court));
        assert!(Role::Court.fits(OrgKind::Court));
        assert!(Role::Auditor.fits(OrgKind::Court));
    }
}
