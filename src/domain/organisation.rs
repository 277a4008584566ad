//! Organisations: ICCCs, police stations and courts.

text_enum!(
    OrgKind, "organisation kind", InvalidOrgKind, {
        Iccc => "iccc",
        PoliceStation => "police_station",
        Court => "court",
    }
);
