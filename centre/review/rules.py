"""Who may read, answer and approve in the drafting agency's console (django-rules, autodiscovered).

Object permissions on a Consultation: an officer or a lead acts only for their
own agency's consultations; an auditor reads every one and changes nothing.
"""

from __future__ import annotations

import rules

from centre.accounts.predicates import is_agency_lead, is_agency_officer, is_auditor, is_same_agency

rules.add_perm("centre_review.view_consultation", ((is_agency_officer | is_agency_lead) & is_same_agency) | is_auditor)
rules.add_perm("centre_review.answer_comment", (is_agency_officer | is_agency_lead) & is_same_agency)
rules.add_perm("centre_review.group_comment", (is_agency_officer | is_agency_lead) & is_same_agency)
rules.add_perm("centre_review.approve_answer", is_agency_lead & is_same_agency)
# The default assignee of each chapter of the draft: the lead shares out the work.
rules.add_perm("centre_review.assign_chapter", is_agency_lead & is_same_agency)
# Without an object: may this user open the console at all (its list of consultations)?
rules.add_perm("centre_review.use_console", is_agency_officer | is_agency_lead | is_auditor)
