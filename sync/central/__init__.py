"""The centre: keys, enrolment, publishing, packages, and (later) ingest and reports."""
