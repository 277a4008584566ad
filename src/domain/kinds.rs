//! Small closed sets stored as text: job kinds and states, where a clip's
//! bytes came from, a segment's state, and how a share reaches its
//! recipient. Like every status, they are these types from the database
//! row up: an unknown stored value is an error, never a default.

text_enum!(
    /// What a durable job does.
    JobKind, "job_kind", InvalidJobKind, {
        /// Copy the recordings an item covers out of the recorder's reach.
        Preserve => "preserve",
        /// Make the item's clip.
        Extract => "extract",
    }
);

text_enum!(
    /// Where a job stands.
    JobState, "job_state", InvalidJobState, {
        Queued => "queued",
        Running => "running",
        Succeeded => "succeeded",
        /// Out of attempts (an operator may retry it).
        Failed => "failed",
    }
);

text_enum!(
    /// Where a clip's bytes came from.
    ClipSource, "clip_source", InvalidClipSource, {
        /// Stream copy from the indexed recordings.
        Extracted => "extracted",
        /// An operator's upload of a recorder's own export.
        Uploaded => "uploaded",
    }
);

text_enum!(
    /// Whether FFmpeg could read an indexed segment.
    SegmentStatus, "segment_status", InvalidSegmentStatus, {
        Ok => "ok",
        Damaged => "damaged",
    }
);

text_enum!(
    /// How a share reaches its recipient.
    ShareKind, "share_kind", InvalidShareKind, {
        /// A court organisation's users.
        Organisation => "organisation",
        /// Anyone holding the secret link.
        Link => "link",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_unknown_text_is_refused() {
        for k in JobKind::ALL {
            assert_eq!(k.as_str().parse::<JobKind>(), Ok(k));
        }
        for k in JobState::ALL {
            assert_eq!(k.as_str().parse::<JobState>(), Ok(k));
        }
        for k in ClipSource::ALL {
            assert_eq!(k.as_str().parse::<ClipSource>(), Ok(k));
        }
        assert_eq!(
            "draft".parse::<JobState>().unwrap_err().code,
            "invalid_job_state"
        );
        assert!("".parse::<ShareKind>().is_err());
        assert_eq!(SegmentStatus::Damaged.to_string(), "damaged");
    }
}
