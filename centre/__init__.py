"""The centre: a Django project that stores what the kiosks send and answers them.

Apps by capability (notes/centre-style.md): ``accounts`` (staff, roles, agencies,
sign-in), ``audit`` (the hash-chained log of every change), ``fleet`` (kiosks,
their keys, enrolment, packages, alarms), ``ingest`` (batches and their events),
``consultations`` (what is consulted on, drafts, results), ``review`` (the
agency's responses and reports). Writes go through each app's ``services``,
reads through its ``selectors``.
"""
