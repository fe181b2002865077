"""Near duplicates on a generated, labelled set: campaign texts altered as people alter them, and unrelated comments.

Pairwise precision and recall (two comments in one cluster ⇔ one campaign) must both reach 0.95; the test prints them.
"""

from __future__ import annotations

import itertools
import random

import pytest

from centre.review.services import near_clusters, normalise
from kiosk.text import fold

pytestmark = pytest.mark.centre

CAMPAIGNS = [
    "Chúng tôi đề nghị giữ nguyên chiều rộng mặt đường thôn là năm mét để xe cứu thương và xe chữa cháy đi lại được thuận tiện.",
    "Đề nghị ban soạn thảo bỏ quy định thu phí sử dụng đường thôn vì người dân đã đóng góp tiền và ngày công khi làm đường.",
    "Tôi không đồng ý việc cấm xe tải trên mười tấn đi qua đường liên thôn vào ban đêm vì ảnh hưởng đến việc vận chuyển nông sản.",
    "Cần quy định rõ trách nhiệm của trưởng thôn trong việc bảo dưỡng rãnh thoát nước hai bên đường trước mùa mưa bão hằng năm.",
    "Đề nghị bổ sung quy định về chiếu sáng công cộng trên các tuyến đường thôn gần trường học và trạm y tế để bảo đảm an toàn.",
    "Người dân có đất giáp đường phải được bồi thường thỏa đáng khi hiến đất mở rộng đường, không thể chỉ vận động tự nguyện.",
    "Quy chế nên cho phép họp chợ tạm trên đường thôn vào sáng chủ nhật nhưng phải dọn dẹp sạch sẽ trước mười giờ sáng.",
    "Đề nghị nghiêm cấm việc đổ rác thải xây dựng và phơi nông sản trên mặt đường vì gây mất an toàn giao thông cho người đi đường.",
]
_VOCABULARY = (
    "đường thôn xã huyện người dân quy chế dự thảo điều khoản trách nhiệm ủy ban nhân dân kinh phí bảo trì sửa chữa mặt đường "
    "cây xanh vỉa hè cống rãnh ô tô xe máy học sinh trường mầm non chợ nhà văn hóa thủ tục hồ sơ đăng ký thời hạn công khai "
    "minh bạch giám sát cộng đồng hội nông dân phụ nữ thanh niên cựu chiến binh mùa vụ lúa ngô khoai sắn trâu bò"
)
WORDS = _VOCABULARY.split()


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def variant(text: str, rng: random.Random) -> str:
    """One or two of the ways people alter a campaign text."""
    words = text.split()
    for change in rng.sample(["typo", "strip", "swap", "add", "typo2"], k=rng.choice([1, 2])):
        if change in ("typo", "typo2"):
            i = rng.randrange(len(words))
            words[i] = _typo(words[i], rng)
        elif change == "strip":
            words = fold(" ".join(words)).split()
        elif change == "swap":
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        else:
            words += ["Xin", "cảm", "ơn", "ban", "soạn", "thảo", "đã", "lắng", "nghe", "ý", "kiến", "của", "bà", "con."]
    return " ".join(words)


def labelled_set(seed: int = 18) -> tuple[dict[int, str], dict[int, int]]:
    rng = random.Random(seed)
    texts: dict[int, str] = {}
    label: dict[int, int] = {}
    n = 0
    for campaign, text in enumerate(CAMPAIGNS):
        for _ in range(rng.randint(15, 40)):
            texts[n], label[n] = normalise(variant(text, rng)), campaign
            n += 1
    for other in range(300):  # unrelated comments on the same article, from the same words
        texts[n], label[n] = normalise(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))), -1 - other
        n += 1
    return texts, label


def test_near_duplicates_precision_and_recall():
    texts, label = labelled_set()
    clusters = near_clusters(texts, 0.5)
    found = {i: c for c, members in enumerate(clusters) for i in members}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(texts), 2):
        same = label[a] == label[b]
        predicted = a in found and found.get(a) == found.get(b)
        tp += same and predicted
        fp += predicted and not same
        fn += same and not predicted
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"near duplicates: {len(texts)} comments, {len(clusters)} clusters, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95
