//! Who may see and do what, by role and organisation. Pure functions over
//! the acting user and the resource's owning organisations; handlers call
//! them after loading the resource and before acting.

use super::organisation::OrgKind;
use super::role::Role;

/// The authenticated user on whose behalf a handler acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub username: String,
    pub role: Role,
    pub org_id: String,
    pub org_kind: OrgKind,
    pub session_id: String,
    /// The client's address, for the custody record.
    pub client_ip: Option<String>,
}

/// The organisations a footage request belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestScope {
    pub station_id: String,
    pub iccc_id: String,
    /// Whether the request has reached the ICCC (endorsed). Until then it
    /// is the station's own work in progress and the ICCC cannot see it.
    pub forwarded: bool,
}

/// Which requests a user may list: the SQL filter a listing must apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestVisibility {
    Station(String),
    /// Only requests forwarded to the ICCC.
    Iccc(String),
    /// Auditors see requests touching their organisation on either side
    /// (on the ICCC side, only forwarded ones).
    Either(String),
    /// Courts see only what is shared with them; nothing through listings.
    Nothing,
    /// Every request: for system-wide figures (metrics), never a user's.
    All,
}

impl Actor {
    pub fn request_visibility(&self) -> RequestVisibility {
        match self.role {
            Role::Investigator | Role::StationSupervisor => {
                RequestVisibility::Station(self.org_id.clone())
            }
            Role::Operator | Role::IcccAdmin => RequestVisibility::Iccc(self.org_id.clone()),
            Role::Auditor => RequestVisibility::Either(self.org_id.clone()),
            Role::Court => RequestVisibility::Nothing,
        }
    }

    /// May this user read the request (its details and history)?
    pub fn can_view_request(&self, scope: &RequestScope) -> bool {
        match self.request_visibility() {
            RequestVisibility::Station(o) => scope.station_id == o,
            RequestVisibility::Iccc(o) => scope.forwarded && scope.iccc_id == o,
            RequestVisibility::Either(o) => {
                scope.station_id == o || (scope.forwarded && scope.iccc_id == o)
            }
            RequestVisibility::Nothing => false,
            RequestVisibility::All => true,
        }
    }

    /// May this user act on the request at all? The lifecycle then decides
    /// whether the role may take the particular action. Stations act on
    /// their own requests; ICCC staff on requests addressed to their ICCC.
    pub fn can_act_on_request(&self, scope: &RequestScope) -> bool {
        match self.role {
            Role::Investigator | Role::StationSupervisor => scope.station_id == self.org_id,
            Role::Operator => scope.forwarded && scope.iccc_id == self.org_id,
            Role::IcccAdmin | Role::Court | Role::Auditor => false,
        }
    }

    pub fn can_file_request(&self) -> bool {
        self.role == Role::Investigator && self.org_kind == OrgKind::PoliceStation
    }

    /// The camera registry is read by those who file, work or audit requests.
    pub fn can_view_cameras(&self) -> bool {
        !matches!(self.role, Role::Court)
    }

    /// Only an ICCC's admin manages that ICCC's cameras.
    pub fn can_manage_cameras_of(&self, iccc_id: &str) -> bool {
        self.role == Role::IcccAdmin && self.org_id == iccc_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn actor(role: Role, org: &str, kind: OrgKind) -> Actor {
        Actor {
            user_id: Uuid::now_v7().to_string(),
            username: "u".into(),
            role,
            org_id: org.to_owned(),
            org_kind: kind,
            session_id: Uuid::now_v7().to_string(),
            client_ip: None,
        }
    }

    #[test]
    fn scopes_by_organisation() {
        let id = || Uuid::now_v7().to_string();
        let (st, other_st, iccc, other_iccc) = (id(), id(), id(), id());
        let scope = &RequestScope {
            station_id: st.clone(),
            iccc_id: iccc.clone(),
            forwarded: true,
        };
        let draft = &RequestScope {
            forwarded: false,
            ..scope.clone()
        };
        let (st, other_st, iccc, other_iccc) = (
            st.as_str(),
            other_st.as_str(),
            iccc.as_str(),
            other_iccc.as_str(),
        );
        assert!(actor(Role::Investigator, st, OrgKind::PoliceStation).can_view_request(scope));
        assert!(
            !actor(Role::Investigator, other_st, OrgKind::PoliceStation).can_view_request(scope)
        );
        assert!(actor(Role::Operator, iccc, OrgKind::Iccc).can_view_request(scope));
        assert!(!actor(Role::Operator, iccc, OrgKind::Iccc).can_view_request(draft));
        assert!(!actor(Role::Operator, iccc, OrgKind::Iccc).can_act_on_request(draft));
        assert!(!actor(Role::Auditor, iccc, OrgKind::Iccc).can_view_request(draft));
        assert!(actor(Role::Investigator, st, OrgKind::PoliceStation).can_view_request(draft));
        assert!(!actor(Role::Operator, other_iccc, OrgKind::Iccc).can_view_request(scope));
        assert!(actor(Role::Auditor, iccc, OrgKind::Iccc).can_view_request(scope));
        assert!(!actor(Role::Auditor, iccc, OrgKind::Iccc).can_act_on_request(scope));
        assert!(!actor(Role::Court, st, OrgKind::Court).can_view_request(scope));
        assert!(!actor(Role::IcccAdmin, iccc, OrgKind::Iccc).can_act_on_request(scope));
        assert!(actor(Role::IcccAdmin, iccc, OrgKind::Iccc).can_manage_cameras_of(iccc));
        assert!(!actor(Role::IcccAdmin, iccc, OrgKind::Iccc).can_manage_cameras_of(other_iccc));
        assert!(!actor(Role::Operator, iccc, OrgKind::Iccc).can_manage_cameras_of(iccc));
    }
}
