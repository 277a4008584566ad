//! Who may see and do what, by role and organisation. Pure functions over
//! the acting user and the resource's owning organisations; handlers call
//! them after loading the resource and before acting.

use super::approval::ApprovalKind;
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

/// The role that decides approvals of `kind` in an organisation of
/// `org_kind`: a station supervisor confirms a disposal, a second ICCC
/// administrator an erasure, the organisation's own administrators a
/// change to an administrator's access.
pub fn decider_role(kind: ApprovalKind, org_kind: OrgKind) -> Role {
    match kind {
        ApprovalKind::ConfirmDisposal => Role::StationSupervisor,
        ApprovalKind::EraseClip => Role::IcccAdmin,
        ApprovalKind::ChangeAdminRole | ApprovalKind::ResetAdminMfa => Role::admin_of(org_kind),
    }
}

/// What someone wants to do with a clip (its bytes or its records). The
/// request's own detail shows everyone who may see the request a summary
/// of each clip (id, SHA-256, size, window), as the retention schedule
/// shows its administrators and auditors; these actions govern the clip's
/// records and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceAction {
    /// Metadata, manifest, holds, shares, erasure tombstone.
    View,
    /// The bytes: content, package, share receipts.
    Download,
    /// Share the package with a court or by a secret link.
    Share,
    /// Revoke a share.
    RevokeShare,
    /// Place or release a legal hold.
    LegalHold,
    /// Ask for a clip's erasure (a second administrator approves).
    Erase,
}

impl EvidenceAction {
    pub const ALL: [EvidenceAction; 6] = [
        EvidenceAction::View,
        EvidenceAction::Download,
        EvidenceAction::Share,
        EvidenceAction::RevokeShare,
        EvidenceAction::LegalHold,
        EvidenceAction::Erase,
    ];
}

/// The answer to "may this actor do this?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Outside the actor's scope: answer as if it did not exist (404).
    Hidden,
    /// In scope, but not for this role (403), with the reason.
    Forbidden(&'static str),
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }
}

impl Actor {
    pub fn request_visibility(&self) -> RequestVisibility {
        match self.role {
            Role::Investigator | Role::StationSupervisor => {
                RequestVisibility::Station(self.org_id.clone())
            }
            Role::Operator | Role::IcccAdmin => RequestVisibility::Iccc(self.org_id.clone()),
            Role::Auditor => RequestVisibility::Either(self.org_id.clone()),
            // Account administrators of stations and courts manage people,
            // not cases; courts see only what is shared with them.
            Role::Court | Role::StationAdmin | Role::CourtAdmin => RequestVisibility::Nothing,
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
            Role::IcccAdmin
            | Role::Court
            | Role::Auditor
            | Role::StationAdmin
            | Role::CourtAdmin => false,
        }
    }

    /// Every rule about a clip of a request in `scope`, in one place.
    pub fn may_on_evidence(&self, scope: &RequestScope, action: EvidenceAction) -> Decision {
        if !self.can_view_request(scope) {
            return Decision::Hidden;
        }
        if !matches!(
            self.role,
            Role::Investigator | Role::StationSupervisor | Role::Operator | Role::IcccAdmin
        ) {
            return Decision::Forbidden("this role cannot access evidence");
        }
        let ok = match action {
            EvidenceAction::View | EvidenceAction::Download => true,
            // Those who handle the evidence share it and take shares back.
            EvidenceAction::Share | EvidenceAction::RevokeShare => {
                matches!(self.role, Role::Investigator | Role::Operator)
            }
            EvidenceAction::LegalHold | EvidenceAction::Erase => {
                self.role == Role::IcccAdmin && scope.iccc_id == self.org_id
            }
        };
        match (ok, action) {
            (true, _) => Decision::Allow,
            (false, EvidenceAction::Share | EvidenceAction::RevokeShare) => {
                Decision::Forbidden("only investigators and operators share evidence")
            }
            (false, _) => {
                Decision::Forbidden("only the ICCC's administrators manage legal holds and erasure")
            }
        }
    }

    /// May this user record that the case behind a closed request was
    /// disposed of? The filing station's investigators and supervisors.
    pub fn may_record_disposal(&self, scope: &RequestScope) -> Decision {
        if !self.can_view_request(scope) {
            return Decision::Hidden;
        }
        if matches!(self.role, Role::Investigator | Role::StationSupervisor)
            && self.org_id == scope.station_id
        {
            Decision::Allow
        } else {
            Decision::Forbidden("only the filing station records the case's disposal")
        }
    }

    /// May this user correct a confirmed disposal (date, reference, or
    /// withdraw it)? The administrators of the request's ICCC.
    pub fn may_correct_disposal(&self, scope: &RequestScope) -> Decision {
        if !self.can_view_request(scope) {
            return Decision::Hidden;
        }
        if self.role == Role::IcccAdmin && self.org_id == scope.iccc_id {
            Decision::Allow
        } else {
            Decision::Forbidden("only the ICCC's administrators correct a recorded disposal")
        }
    }

    /// May this user decide a pending approval of `kind` whose deciders
    /// are in `org_id`, asked for by `requested_by`, about `target_user`
    /// (for account approvals)? Never the person who asked, and never the
    /// account's own holder.
    pub fn may_decide(
        &self,
        kind: ApprovalKind,
        org_id: &str,
        requested_by: &str,
        target_user: Option<&str>,
    ) -> Decision {
        let role_fits = self.role == decider_role(kind, self.org_kind);
        if self.org_id != org_id || !(role_fits || self.may_see_approvals_of(kind)) {
            return Decision::Hidden;
        }
        if !role_fits {
            return Decision::Forbidden(match kind {
                ApprovalKind::ConfirmDisposal => "a station supervisor confirms a disposal",
                ApprovalKind::EraseClip => "a second ICCC administrator approves an erasure",
                _ => "a second administrator of the organisation decides this",
            });
        }
        if self.user_id == requested_by {
            return Decision::Forbidden("a second person must decide what you asked for");
        }
        if target_user == Some(self.user_id.as_str()) {
            return Decision::Forbidden("nobody decides a change to their own account");
        }
        Decision::Allow
    }

    /// Whether this user sees (without deciding) approvals of `kind` in
    /// their own organisation: the station's investigators see disposal
    /// confirmations; everyone who may decide sees them too.
    pub fn may_see_approvals_of(&self, kind: ApprovalKind) -> bool {
        match kind {
            ApprovalKind::ConfirmDisposal => {
                matches!(self.role, Role::Investigator | Role::StationSupervisor)
            }
            ApprovalKind::EraseClip => matches!(self.role, Role::IcccAdmin | Role::Auditor),
            ApprovalKind::ChangeAdminRole | ApprovalKind::ResetAdminMfa => {
                self.role.is_admin() || self.role == Role::Auditor
            }
        }
    }

    /// May this user administer the account of someone in organisation
    /// `org_id` of `kind`? Each organisation's administrators manage its
    /// own accounts, and nobody else's.
    pub fn may_administer(&self, org_id: &str, kind: OrgKind) -> bool {
        self.role == Role::admin_of(kind) && self.org_id == org_id
    }

    /// May this user list the accounts of their organisation? Its
    /// administrators, and its auditors (read-only).
    pub fn may_list_accounts(&self) -> bool {
        self.role.is_admin() || self.role == Role::Auditor
    }

    pub fn can_file_request(&self) -> bool {
        self.role == Role::Investigator && self.org_kind == OrgKind::PoliceStation
    }

    /// The camera registry is read by those who file, work or audit requests.
    pub fn can_view_cameras(&self) -> bool {
        !matches!(
            self.role,
            Role::Court | Role::CourtAdmin | Role::StationAdmin
        )
    }

    /// May this user attach the request's notice document? An
    /// investigator of the filing station (while it is a draft, which the
    /// workflow checks).
    pub fn may_attach_notice(&self, scope: &RequestScope) -> Decision {
        if !self.can_view_request(scope) {
            return Decision::Hidden;
        }
        if self.role == Role::Investigator && self.org_id == scope.station_id {
            Decision::Allow
        } else {
            Decision::Forbidden("only an investigator of the filing station attaches the notice")
        }
    }

    /// The retention schedule and the erasures are read by the ICCC's
    /// administrators and by auditors, each in their own scope.
    pub fn may_see_retention(&self) -> bool {
        matches!(self.role, Role::IcccAdmin | Role::Auditor)
    }

    /// May this user work a request's items and jobs (settle an item,
    /// upload an export, retry a failed job)? The operators of the ICCC
    /// the request was forwarded to.
    pub fn may_operate(&self, scope: &RequestScope) -> Decision {
        if !self.can_view_request(scope) {
            return Decision::Hidden;
        }
        if self.role == Role::Operator && self.can_act_on_request(scope) {
            Decision::Allow
        } else {
            Decision::Forbidden("only an operator of the request's ICCC works its items and jobs")
        }
    }

    /// The security event log and the storage status are for the ICCC's
    /// administrators and the city's auditors (the CISO's view).
    pub fn may_read_security_records(&self) -> bool {
        matches!(self.role, Role::IcccAdmin | Role::Auditor)
    }

    /// Courts receive shared evidence in their inbox.
    pub fn may_receive_shares(&self) -> bool {
        self.role == Role::Court
    }

    /// SLA figures are for those who file, work or audit requests, not
    /// for courts.
    pub fn may_see_sla_reports(&self) -> bool {
        !matches!(self.role, Role::Court | Role::CourtAdmin)
    }

    /// Only an ICCC's admin manages that ICCC's cameras.
    pub fn can_manage_cameras_of(&self, iccc_id: &str) -> bool {
        self.role == Role::IcccAdmin && self.org_id == iccc_id
    }

    /// Recorders (where footage is pulled from, and with which account)
    /// are registered, changed and mapped by the owning ICCC's admins.
    pub fn may_manage_recorders_of(&self, iccc_id: &str) -> bool {
        self.can_manage_cameras_of(iccc_id)
    }

    /// A recorder is checked on demand (it is called, with its account)
    /// by its ICCC's administrators and operators; auditors read checks.
    pub fn may_check_recorders_of(&self, iccc_id: &str) -> bool {
        matches!(self.role, Role::IcccAdmin | Role::Operator) && self.org_id == iccc_id
    }

    /// An ICCC's recorders, their reachability and clocks are seen by its
    /// administrators, operators and auditors; never their passwords.
    pub fn may_see_recorders_of(&self, iccc_id: &str) -> bool {
        matches!(self.role, Role::IcccAdmin | Role::Operator | Role::Auditor)
            && self.org_id == iccc_id
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

    /// Every evidence rule as a table: role × organisation × action, for a
    /// forwarded request and for one the station has not yet forwarded.
    /// Letters per action (View, Download, Share, RevokeShare, LegalHold,
    /// Erase): A allow, H hidden (404), F forbidden (403).
    #[test]
    fn evidence_rules_table() {
        let id = || Uuid::now_v7().to_string();
        let (st, st2, ic, ic2, court) = (id(), id(), id(), id(), id());
        let orgs = [
            ("station", st.as_str(), OrgKind::PoliceStation),
            ("other station", st2.as_str(), OrgKind::PoliceStation),
            ("iccc", ic.as_str(), OrgKind::Iccc),
            ("other iccc", ic2.as_str(), OrgKind::Iccc),
            ("court", court.as_str(), OrgKind::Court),
        ];
        #[rustfmt::skip]
        let table: &[(Role, &str, &str, &str)] = &[
            // role, organisation, forwarded, not yet forwarded
            (Role::Investigator, "station", "AAAAFF", "AAAAFF"),
            (Role::Investigator, "other station", "HHHHHH", "HHHHHH"),
            (Role::StationSupervisor, "station", "AAFFFF", "AAFFFF"),
            (Role::StationSupervisor, "other station", "HHHHHH", "HHHHHH"),
            (Role::StationAdmin, "station", "HHHHHH", "HHHHHH"),
            (Role::Operator, "iccc", "AAAAFF", "HHHHHH"),
            (Role::Operator, "other iccc", "HHHHHH", "HHHHHH"),
            (Role::IcccAdmin, "iccc", "AAFFAA", "HHHHHH"),
            (Role::IcccAdmin, "other iccc", "HHHHHH", "HHHHHH"),
            (Role::Court, "court", "HHHHHH", "HHHHHH"),
            (Role::CourtAdmin, "court", "HHHHHH", "HHHHHH"),
            (Role::Auditor, "iccc", "FFFFFF", "HHHHHH"),
            (Role::Auditor, "station", "FFFFFF", "FFFFFF"),
            (Role::Auditor, "court", "HHHHHH", "HHHHHH"),
        ];
        let forwarded = RequestScope {
            station_id: st.clone(),
            iccc_id: ic.clone(),
            forwarded: true,
        };
        let draft = RequestScope {
            forwarded: false,
            ..forwarded.clone()
        };
        for (role, org, fw, not_fw) in table {
            let (_, org_id, kind) = orgs.iter().find(|o| o.0 == *org).unwrap();
            let a = actor(*role, org_id, *kind);
            for (scope, want) in [(&forwarded, fw), (&draft, not_fw)] {
                for (action, letter) in EvidenceAction::ALL.iter().zip(want.chars()) {
                    let got = match a.may_on_evidence(scope, *action) {
                        Decision::Allow => 'A',
                        Decision::Hidden => 'H',
                        Decision::Forbidden(_) => 'F',
                    };
                    assert_eq!(
                        got, letter,
                        "{role} of {org}, {action:?}, forwarded {}",
                        scope.forwarded
                    );
                }
            }
        }
        // Every role appears in the table.
        for r in Role::ALL {
            assert!(table.iter().any(|t| t.0 == r), "{r} missing from the table");
        }
    }

    /// Working a request's items and jobs, by role × organisation, for a
    /// forwarded request and a draft (A allow, H hidden, F forbidden);
    /// and the role-only rules: security records, court inbox, SLA
    /// reports (Y yes, N no).
    #[test]
    fn recorders_are_managed_by_their_iccc_admins_and_seen_by_its_staff() {
        let ic = Uuid::now_v7().to_string();
        let other = Uuid::now_v7().to_string();
        #[rustfmt::skip]
        let table: &[(Role, OrgKind, bool, &str)] = &[
            // role, kind, in the recorder's ICCC?, manage / check / see
            (Role::IcccAdmin, OrgKind::Iccc, true, "YYY"),
            (Role::IcccAdmin, OrgKind::Iccc, false, "NNN"),
            (Role::Operator, OrgKind::Iccc, true, "NYY"),
            (Role::Operator, OrgKind::Iccc, false, "NNN"),
            (Role::Auditor, OrgKind::Iccc, true, "NNY"),
            (Role::Investigator, OrgKind::PoliceStation, false, "NNN"),
            (Role::StationSupervisor, OrgKind::PoliceStation, false, "NNN"),
            (Role::StationAdmin, OrgKind::PoliceStation, false, "NNN"),
            (Role::Court, OrgKind::Court, false, "NNN"),
            (Role::CourtAdmin, OrgKind::Court, false, "NNN"),
        ];
        let yn = |b: bool| if b { 'Y' } else { 'N' };
        for (role, kind, own, want) in table {
            let a = actor(*role, if *own { &ic } else { &other }, *kind);
            let got: String = [
                a.may_manage_recorders_of(&ic),
                a.may_check_recorders_of(&ic),
                a.may_see_recorders_of(&ic),
            ]
            .into_iter()
            .map(yn)
            .collect();
            assert_eq!(&got, want, "{role:?} in own ICCC: {own}");
        }
    }

    #[test]
    fn operating_and_role_rules_table() {
        let id = || Uuid::now_v7().to_string();
        let (st, st2, ic, ic2, court) = (id(), id(), id(), id(), id());
        let orgs = [
            ("station", st.as_str(), OrgKind::PoliceStation),
            ("other station", st2.as_str(), OrgKind::PoliceStation),
            ("iccc", ic.as_str(), OrgKind::Iccc),
            ("other iccc", ic2.as_str(), OrgKind::Iccc),
            ("court", court.as_str(), OrgKind::Court),
        ];
        #[rustfmt::skip]
        let table: &[(Role, &str, char, char, &str)] = &[
            // role, organisation, operate forwarded, operate draft,
            // security records / court inbox / SLA reports
            (Role::Investigator, "station", 'F', 'F', "NNY"),
            (Role::Investigator, "other station", 'H', 'H', "NNY"),
            (Role::StationSupervisor, "station", 'F', 'F', "NNY"),
            (Role::StationAdmin, "station", 'H', 'H', "NNY"),
            (Role::Operator, "iccc", 'A', 'H', "NNY"),
            (Role::Operator, "other iccc", 'H', 'H', "NNY"),
            (Role::IcccAdmin, "iccc", 'F', 'H', "YNY"),
            (Role::Court, "court", 'H', 'H', "NYN"),
            (Role::CourtAdmin, "court", 'H', 'H', "NNN"),
            (Role::Auditor, "iccc", 'F', 'H', "YNY"),
        ];
        let forwarded = RequestScope {
            station_id: st.clone(),
            iccc_id: ic.clone(),
            forwarded: true,
        };
        let draft = RequestScope {
            forwarded: false,
            ..forwarded.clone()
        };
        let letter = |d: Decision| match d {
            Decision::Allow => 'A',
            Decision::Hidden => 'H',
            Decision::Forbidden(_) => 'F',
        };
        let yn = |b: bool| if b { 'Y' } else { 'N' };
        for (role, org, fw, dr, flags) in table {
            let (_, org_id, kind) = orgs.iter().find(|o| o.0 == *org).unwrap();
            let a = actor(*role, org_id, *kind);
            assert_eq!(
                letter(a.may_operate(&forwarded)),
                *fw,
                "{role} of {org}, forwarded"
            );
            assert_eq!(letter(a.may_operate(&draft)), *dr, "{role} of {org}, draft");
            let got: String = [
                yn(a.may_read_security_records()),
                yn(a.may_receive_shares()),
                yn(a.may_see_sla_reports()),
            ]
            .iter()
            .collect();
            assert_eq!(&got, flags, "{role} of {org}");
        }
        for r in Role::ALL {
            assert!(table.iter().any(|t| t.0 == r), "{r} missing from the table");
        }
    }

    #[test]
    fn approvals_need_a_second_person_of_the_right_role() {
        let id = || Uuid::now_v7().to_string();
        let (st, ic) = (id(), id());
        let sup = actor(Role::StationSupervisor, &st, OrgKind::PoliceStation);
        let inv = actor(Role::Investigator, &st, OrgKind::PoliceStation);
        let admin = actor(Role::IcccAdmin, &ic, OrgKind::Iccc);
        let admin2 = actor(Role::IcccAdmin, &ic, OrgKind::Iccc);
        let k = ApprovalKind::ConfirmDisposal;
        assert!(sup.may_decide(k, &st, &inv.user_id, None).allowed());
        assert!(matches!(
            sup.may_decide(k, &st, &sup.user_id, None),
            Decision::Forbidden(_)
        ));
        assert!(matches!(
            inv.may_decide(k, &st, &sup.user_id, None),
            Decision::Forbidden(_)
        ));
        assert_eq!(
            admin.may_decide(k, &st, &inv.user_id, None),
            Decision::Hidden
        );
        let e = ApprovalKind::EraseClip;
        assert!(admin2.may_decide(e, &ic, &admin.user_id, None).allowed());
        assert!(matches!(
            admin.may_decide(e, &ic, &admin.user_id, None),
            Decision::Forbidden(_)
        ));
        assert_eq!(
            sup.may_decide(e, &ic, &admin.user_id, None),
            Decision::Hidden
        );
        let m = ApprovalKind::ResetAdminMfa;
        assert!(admin2.may_decide(m, &ic, &admin.user_id, None).allowed());
        assert!(matches!(
            admin2.may_decide(m, &ic, &admin.user_id, Some(&admin2.user_id)),
            Decision::Forbidden(_)
        ));
    }

    #[test]
    fn each_organisation_administers_only_its_own_accounts() {
        let id = || Uuid::now_v7().to_string();
        let (st, st2, ic, ic2, court) = (id(), id(), id(), id(), id());
        let ia = actor(Role::IcccAdmin, &ic, OrgKind::Iccc);
        assert!(ia.may_administer(&ic, OrgKind::Iccc));
        assert!(!ia.may_administer(&ic2, OrgKind::Iccc));
        assert!(!ia.may_administer(&st, OrgKind::PoliceStation));
        assert!(!ia.may_administer(&court, OrgKind::Court));
        let sa = actor(Role::StationAdmin, &st, OrgKind::PoliceStation);
        assert!(sa.may_administer(&st, OrgKind::PoliceStation));
        assert!(!sa.may_administer(&st2, OrgKind::PoliceStation));
        let ca = actor(Role::CourtAdmin, &court, OrgKind::Court);
        assert!(ca.may_administer(&court, OrgKind::Court));
        assert!(!ca.may_administer(&ic, OrgKind::Iccc));
        for r in [
            Role::Operator,
            Role::StationSupervisor,
            Role::Auditor,
            Role::Court,
        ] {
            assert!(
                !actor(r, &st, OrgKind::PoliceStation).may_administer(&st, OrgKind::PoliceStation)
            );
        }
    }
}
