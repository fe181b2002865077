from dataclasses import replace
from datetime import date

from kiosk.domain import Channel, Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.statistics import statistics
from kiosk.submissions import SubmissionService
from tests.conftest import article_id


def test_statistics_count_what_is_stored(store, clock):
    service = SubmissionService(store, clock)
    one, three = article_id(store, "article:1"), article_id(store, "article:3")
    form = FeedbackForm("TEST-1", items=(FeedbackItem(one, Stance.AGREE),))
    service.submit(form)
    service.submit(replace(form, items=(FeedbackItem(one, Stance.DISAGREE), FeedbackItem(three, Stance.AGREE))))
    service.submit(replace(form, channel=Channel.PAPER, form_date=date(2026, 11, 20)))
    stats = statistics(store)
    assert stats.total == 3
    assert stats.per_day == [(date(2026, 11, 23), 3)]
    assert stats.per_channel == {"self": 2, "paper": 1}
    assert stats.per_stance == {"agree": 3, "disagree": 1, "other": 0}
    first = stats.per_article[0]
    assert (first.legal_key, first.agree, first.disagree, first.total) == ("article:1", 2, 1, 3)
    assert first.label == "Điều 1. Phạm vi điều chỉnh"
