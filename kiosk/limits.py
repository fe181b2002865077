"""How much one submission may carry, in characters and items.

Checked twice: while the person composes (kiosk.visit, so the message comes
at the field) and when the submission is stored (kiosk.submissions).
"""

MAX_COMMENT = 5000
MAX_ANSWER_TEXT = 2000
MAX_SHORT_FIELD = 200
MAX_IDEA_TEXT = 2000
MAX_IDEAS = 10  # ideas in one submission
MAX_SUPPORTS = 50  # ideas supported in one submission
