//! Filing a new request (as a draft).

use std::collections::BTreeSet;

use crate::db::cameras;
use crate::db::requests::{self, ItemRow, NewEvent, RequestRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::camera::CameraStatus;
use crate::domain::filing::Filing;
use crate::domain::fulfilment::ItemStatus;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::ValidationError;
use crate::error::ApiError;

/// Records `filing` as a draft request of the actor's station, addressed
/// to the ICCC that operates its cameras.
pub fn file(
    conn: &mut DbConnection,
    actor: &Actor,
    filing: Filing,
) -> Result<RequestRow, ApiError> {
    if !actor.can_file_request() {
        return Err(ApiError::forbidden(
            "only an investigator of a police station files requests",
        ));
    }
    let wanted: Vec<String> = filing
        .items
        .iter()
        .map(|(id, _)| id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let found = cameras::find_many(conn, &wanted)?;
    if let Some(missing) = wanted.iter().find(|id| !found.iter().any(|c| &c.id == *id)) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::UnknownCamera,
            format!("no camera with id {missing}"),
        )
        .into());
    }
    if let Some(c) = found
        .iter()
        .find(|c| c.status == CameraStatus::Decommissioned)
    {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::CameraDecommissioned,
            format!("camera {} is decommissioned", c.code),
        )
        .into());
    }
    let icccs: BTreeSet<&str> = found.iter().map(|c| c.iccc_id.as_str()).collect();
    let iccc_id = match icccs.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => (*one).to_owned(),
        _ => return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::ItemsSpanIccc,
            "all cameras in one request must belong to the same ICCC; file one request per ICCC",
        )
        .into()),
    };
    let now = time::now();
    let id = crate::domain::ids::RequestId::new();
    let row = RequestRow {
        id: id.clone(),
        station_id: actor.org_id.clone(),
        iccc_id,
        filed_by: actor.user_id.clone(),
        fir_number: filing.case.fir.map(|f| f.as_str().to_owned()),
        gd_number: filing.case.gd.map(|g| g.as_str().to_owned()),
        bns_sections: serde_json::to_string(
            &filing
                .sections
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>(),
        )
        .map_err(ApiError::internal)?,
        incident_place: filing.incident_place,
        incident_at: time::to_db(filing.incident_at),
        purpose: filing.purpose,
        urgency: filing.urgency,
        notice_reference: filing.notice_reference,
        status: RequestStatus::Draft,
        reason_code: None,
        version: 1,
        submitted_at: None,
        forwarded_at: None,
        deadline_at: None,
        closed_at: None,
        created_at: now,
        updated_at: now,
    };
    let items: Vec<ItemRow> = filing
        .items
        .iter()
        .zip(0..)
        .map(|((camera_id, w), position)| ItemRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: id.clone(),
            position,
            camera_id: camera_id.clone(),
            window_start: time::to_db(w.start()),
            window_end: time::to_db(w.end()),
            status: ItemStatus::Pending,
            reason_code: None,
        })
        .collect();
    let event = NewEvent {
        request_id: id.to_string(),
        at: now,
        actor_id: Some(actor.user_id.clone()),
        from: actor.client_ip.clone(),
        action: "file".into(),
        from_status: None,
        to_status: RequestStatus::Draft,
        reason_code: None,
        comment: None,
    };
    requests::insert(conn, &row, &items)?;
    crate::workflow::history::record(conn, &event)?;
    crate::sla::stored::refresh(conn, &row.id)?;
    Ok(row)
}
