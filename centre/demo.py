"""``make centre``: a demo centre on the embedded SQLite, filled through the real path, then served.

Everything goes the way it goes in the field, through the same commands:

- ``gopy central init``, ``publish`` (the demo consultation the kiosk's ``make run``
  shows: assets/demo), ``enrol`` twenty kiosks in real communes;
- each kiosk is a real kiosk home: ``gopy setup`` with its enrolment file,
  ``gopy import-package`` with the package the centre issued for it;
- feedback is given through the kiosk's core (kiosk.submissions.SubmissionService:
  at the kiosk, assisted by a clerk) and ``gopy import-paper`` (transcribed paper
  forms; one file is imported twice, and its rows are not counted twice);
- ``gopy export-batch`` writes each kiosk's signed batch, ``gopy central ingest``
  verifies and stores them;
- one kiosk's later batch arrives before the one before it (held: the fleet
  shows the gap), and one kiosk's stick was pulled while a batch was written
  (the partial copy is refused and recorded);
- ``gopy central createuser --role operator``: the demo operator, whose user
  name, password and second-factor secret are printed.

A second run finds the demo built (``demo.json`` in its home) and only serves.
``--code`` prints the operator's current six-digit code (RFC 6238, as an
authenticator app computes it).

Commune and province names are real (as they stood before the 2025
reorganisation of communes); commune codes are made up for the demo.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import hashlib
import hmac
import io
import json
import os
import random
import secrets
import shutil
import struct
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
READY = "demo.json"
MARK = ".gopy-centre-demo"  # a folder holding this is one this script made, and may rebuild
OPERATOR = "demo-operator"
CONSULTATION = "AP-2026-CHO"


@dataclass(frozen=True)
class Commune:
    kiosk_id: str
    commune_code: str
    commune: str
    province_code: str
    province: str
    people: int  # how many give feedback at this kiosk
    ethnicities: tuple[str, ...] = ("Kinh",)


COMMUNES = (
    Commune("HN-BAT-TRANG-01", "01801", "Xã Bát Tràng", "01", "Thành phố Hà Nội", 230),
    Commune("HN-DUONG-LAM-01", "01802", "Xã Đường Lâm", "01", "Thành phố Hà Nội", 160),
    Commune("HG-LUNG-CU-01", "02801", "Xã Lũng Cú", "02", "Tỉnh Hà Giang", 70, ("Mông", "Lô Lô", "Kinh")),
    Commune("CB-DAM-THUY-01", "04801", "Xã Đàm Thủy", "04", "Tỉnh Cao Bằng", 90, ("Tày", "Nùng", "Kinh")),
    Commune("TQ-TAN-TRAO-01", "08801", "Xã Tân Trào", "08", "Tỉnh Tuyên Quang", 110, ("Tày", "Kinh", "Dao")),
    Commune("LC-TA-VAN-01", "10801", "Xã Tả Van", "10", "Tỉnh Lào Cai", 80, ("Giáy", "Mông", "Dao")),
    Commune("DB-MUONG-PHANG-01", "11801", "Xã Mường Phăng", "11", "Tỉnh Điện Biên", 100, ("Thái", "Kinh", "Khơ Mú")),
    Commune("HP-VIET-HAI-01", "31801", "Xã Việt Hải", "31", "Thành phố Hải Phòng", 60),
    Commune("NA-KIM-LIEN-01", "40801", "Xã Kim Liên", "40", "Tỉnh Nghệ An", 260),
    Commune("DN-HOA-BAC-01", "48801", "Xã Hòa Bắc", "48", "Thành phố Đà Nẵng", 120, ("Kinh", "Cơ Tu")),
    Commune("QNA-CAM-THANH-01", "49801", "Xã Cẩm Thanh", "49", "Tỉnh Quảng Nam", 180),
    Commune("QNA-TAM-THANH-01", "49802", "Xã Tam Thanh", "49", "Tỉnh Quảng Nam", 140),
    Commune("QNG-AN-VINH-01", "51801", "Xã An Vĩnh", "51", "Tỉnh Quảng Ngãi", 150),
    Commune("DL-EA-KAO-01", "66801", "Xã Ea Kao", "66", "Tỉnh Đắk Lắk", 130, ("Ê Đê", "Kinh")),
    Commune("LD-TA-NUNG-01", "68801", "Xã Tà Nung", "68", "Tỉnh Lâm Đồng", 90, ("Cơ Ho", "Kinh")),
    Commune("HCM-THANH-AN-01", "79801", "Xã Thạnh An", "79", "Thành phố Hồ Chí Minh", 110),
    Commune("TG-THOI-SON-01", "82801", "Xã Thới Sơn", "82", "Tỉnh Tiền Giang", 170),
    Commune("VL-AN-BINH-01", "86801", "Xã An Bình", "86", "Tỉnh Vĩnh Long", 200),
    Commune("AG-MY-HOA-HUNG-01", "89801", "Xã Mỹ Hòa Hưng", "89", "Tỉnh An Giang", 240, ("Kinh", "Khmer", "Hoa")),
    Commune("CM-DAT-MUI-01", "96801", "Xã Đất Mũi", "96", "Tỉnh Cà Mau", 120, ("Kinh", "Khmer")),
)
GAP_KIOSK = "VL-AN-BINH-01"  # its later batch arrives first: held, the fleet shows the missing range
REFUSED_KIOSK = "HG-LUNG-CU-01"  # its stick was pulled while the second batch was written

# Comments per article, as people write them; a few are repeated word for word across communes (a campaign).
COMMENTS = {
    5: [
        "Chợ nên mở cửa từ 4 giờ 30 vì bà con bán rau phải đi sớm.",
        "Giờ đóng cửa 18 giờ là sớm, đề nghị 19 giờ vào mùa hè.",
        "Đồng ý giờ mở cửa như dự thảo.",
    ],
    6: ["Đề nghị bố trí khu bán cá xa khu bán đồ ăn chín.", "Cần chừa lối đi cho xe cứu hỏa giữa các dãy hàng."],
    7: [
        "Bốc thăm công khai là công bằng, đề nghị mời đại diện người kinh doanh chứng kiến.",
        "Người đã bán lâu năm nên được ưu tiên giữ chỗ cũ.",
        "Cần công bố danh sách bốc thăm trước ít nhất 7 ngày.",
    ],
    9: [
        "Khoản thu vệ sinh phải niêm yết công khai tại cổng chợ.",
        "Đề nghị miễn phí cho người bán nông sản nhà trồng dưới 2 mét vuông.",
        "Giá thuê điểm kinh doanh tăng quá cao so với năm trước.",
    ],
    11: ["Cần thêm thùng rác có nắp và thu gom rác hai lần mỗi ngày.", "Rãnh thoát nước phía sau chợ bị tắc, mưa là ngập."],
    12: ["Phải có bình chữa cháy ở mỗi dãy hàng và kiểm tra hằng tháng.", "Cấm câu móc điện tùy tiện trong chợ."],
    14: ["Người kinh doanh phải được ký hợp đồng rõ ràng thời hạn.", "Đề nghị quy định rõ trường hợp bị thu hồi điểm kinh doanh."],
    17: ["Ban Quản lý chợ cần công khai số điện thoại đường dây nóng.", "Ban Quản lý phải báo cáo thu chi hằng quý cho bà con."],
    21: ["Nên có hòm thư góp ý tại chợ và trả lời trong 15 ngày.", "Phản ánh qua điện thoại cũng phải được ghi nhận."],
}
CAMPAIGN = "Đề nghị giữ nguyên chỗ ngồi cho các hộ đã kinh doanh trên 10 năm, không bốc thăm lại."
STANCES = ("agree", "agree", "disagree", "other")
PAPER_STANCES = {"agree": "đồng ý", "disagree": "không đồng ý", "other": "ý kiến khác"}
AGE_BANDS = ("18-29", "30-44", "45-59", "60+")
CLERKS = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Mai", "Phạm Văn Hùng")


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def gopy(*args: object, check: bool = True) -> Ran:
    """One ``gopy …`` command, as an operator or an administrator types it.

    Run in this process through the command line's own entry points (the
    centre's, or the kiosk's with sync's commands): the same parsers, handlers
    and services as ``python -m gopy``, without starting 130 interpreters.
    """
    import sync.cli  # noqa: F401  (registers setup, import-package, export-batch with the kiosk's command line)
    from centre import cli as centre_cli
    from kiosk import cli as kiosk_cli

    argv = [str(a) for a in args]
    main = centre_cli.main if argv[0] == "central" else kiosk_cli.main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        returncode = main(argv)
    ran = Ran(returncode, out.getvalue(), err.getvalue())
    if check and returncode != 0:
        raise SystemExit(f"centre demo: gopy {' '.join(argv[:3])} failed: {ran.stderr.strip() or ran.stdout.strip()}")
    return ran


def say(text: str) -> None:
    """A line for the developer who ran ``make centre`` (a developer tool: plain text, no catalogue)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


_STARTED = time.monotonic()


def step(text: str) -> None:
    say(f"· [{time.monotonic() - _STARTED:5.1f} s] {text}")


# ---------------------------------------------------------------- second factor


def totp_code(secret: str, at: float | None = None, step_seconds: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits), what an authenticator app shows for ``secret`` (base32)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = int((time.time() if at is None else at) // step_seconds)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


# ---------------------------------------------------------------- building


@dataclass
class Demo:
    home: Path

    @property
    def centre(self) -> Path:
        return self.home / "centre"

    def kiosk(self, kiosk_id: str) -> Path:
        return self.home / "kiosks" / kiosk_id

    def central(self, verb: str, *args: object, check: bool = True) -> Ran:
        return gopy("central", verb, "--home", self.centre, *args, check=check)


def consultation_spec(folder: Path) -> Path:
    """The demo consultation (assets/demo) dated as sync/demo.py dates it: opened a week ago, open for a month."""
    assets = ROOT / "assets" / "demo"
    spec = json.loads((assets / "consultation.json").read_text(encoding="utf-8"))
    today = date.today()
    spec.update(
        opens=(today - timedelta(days=7)).isoformat(),
        closes=(today + timedelta(days=30)).isoformat(),
        drafts=[str(assets / name) for name in spec["drafts"]],
    )
    path = folder / "consultation.json"
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def submit_at_kiosk(home: Path, commune: Commune, count: int, chance: random.Random) -> int:
    """``count`` people give feedback at the kiosk (some with a clerk), through the kiosk's submission service."""
    from kiosk.consultations import ConsultationRepository
    from kiosk.domain import Channel, Stance
    from kiosk.feedback import Answer, Consent, Demographics, FeedbackForm, FeedbackItem, PersonalData
    from kiosk.home import Home
    from kiosk.identity import startup_check
    from kiosk.storage.db import open_store
    from kiosk.submissions import SubmissionService

    kiosk_home = Home(home)
    store = open_store(kiosk_home.database)
    try:
        startup_check(store, kiosk_home)
        repo = ConsultationRepository(store)
        draft = repo.current_draft_id(CONSULTATION)
        articles = {a: repo.node_by_key(draft, f"article:{a}") for a in COMMENTS}
        questions = repo.questions(CONSULTATION)
        service = SubmissionService(store)
        for n in range(count):
            picked = chance.sample(sorted(articles), k=chance.choice((1, 1, 1, 2, 3)))
            items = []
            for article in picked:
                stance = Stance(chance.choice(STANCES))
                comment = chance.choice(COMMENTS[article]) if chance.random() < 0.8 else ""
                if article == 7 and chance.random() < 0.25:
                    stance, comment = Stance.DISAGREE, CAMPAIGN
                items.append(FeedbackItem(node_id=articles[article].id, stance=stance, comment=comment))
            answers = []
            if chance.random() < 0.6:
                for question in questions:
                    width = len(question.options)
                    choices = tuple(sorted(chance.sample(range(width), k=chance.randint(1, 3)))) if question.kind == "multiple" else (
                        chance.randrange(width),
                    )  # fmt: skip
                    answers.append(Answer(question_id=question.id, choices=choices))
            consent = chance.random() < 0.7
            demographics = (
                Demographics(
                    chance.choice(AGE_BANDS),
                    chance.choice(("nữ", "nam")),
                    chance.choice(commune.ethnicities),
                    f"Thôn {chance.randint(1, 9)}",
                )
                if consent
                else Demographics()
            )
            personal = (
                PersonalData(name=f"Người dân số {n + 1}", phone=f"09{chance.randrange(10**8):08d}")
                if chance.random() < 0.05
                else PersonalData()
            )
            assisted = chance.random() < 0.2
            service.submit(
                FeedbackForm(
                    consultation_code=CONSULTATION,
                    items=tuple(items),
                    answers=tuple(answers),
                    channel=Channel.ASSISTED if assisted else Channel.SELF,
                    clerk=chance.choice(CLERKS) if assisted else "",
                    consent=Consent(demographics=consent, personal_data=not personal.is_empty()),
                    demographics=demographics,
                    personal=personal,
                )
            )
    finally:
        store.close()
    return count


def paper_forms(path: Path, commune: Commune, count: int, chance: random.Random) -> None:
    """A clerk's transcription of ``count`` paper forms (the columns of kiosk.paper_import)."""
    today = date.today()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã lấy ý kiến", "Điều", "Quan điểm", "Nội dung góp ý", "Ngày phiếu", "Thôn", "Độ tuổi", "Giới tính", "Số phiếu"])
        for n in range(count):
            article = chance.choice(sorted(COMMENTS))
            stance = chance.choice(STANCES)
            writer.writerow(
                [
                    CONSULTATION,
                    f"Điều {article}",
                    PAPER_STANCES[stance],
                    chance.choice(COMMENTS[article]),
                    (today - timedelta(days=chance.randint(0, 6))).strftime("%d/%m/%Y"),
                    f"Thôn {chance.randint(1, 9)}",
                    chance.choice(AGE_BANDS),
                    chance.choice(("nữ", "nam")),
                    f"{commune.kiosk_id}-P{n + 1:04d}",
                ]
            )


def export(demo: Demo, kiosk_id: str, out: Path) -> list[Path]:
    result = gopy("--home", demo.kiosk(kiosk_id), "export-batch", "--out", out, "--json")
    return [Path(b["path"]) for b in json.loads(result.stdout)["batches"]]


def split_export(home: Path, out: Path, events_per_part: int) -> list[Path]:
    """The kiosk's export, cut into chained parts of about ``events_per_part`` events (a large export is cut the same way)."""
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.batches import export_batches

    kiosk_home = Home(home)
    store = open_store(kiosk_home.database)
    try:
        longest = max(len(row["body"].encode()) + 1 for row in store.query("SELECT body FROM events"))
        return [b.path for b in export_batches(store, kiosk_home, out, max_bytes=longest * events_per_part).batches]
    finally:
        store.close()


def build(demo: Demo, operator_password: str) -> dict:
    started = time.monotonic()
    chance = random.Random(2026)
    for folder in ("kiosks", "enrol", "packages", "usb", "paper"):
        (demo.home / folder).mkdir(parents=True, exist_ok=True)
    step("the centre: keys and store (gopy central init)")
    demo.central("init")
    step("the demo consultation published (gopy central publish)")
    demo.central("publish", consultation_spec(demo.home))

    step(f"{len(COMMUNES)} kiosks enrolled, set up and given their first package (enrol, setup, package, import-package)")
    for commune in COMMUNES:
        enrolment = demo.home / "enrol" / f"{commune.kiosk_id}.enrol"
        demo.central("enrol", "--kiosk-id", commune.kiosk_id, "--commune-code", commune.commune_code, "--commune-name", commune.commune,
                     "--province-code", commune.province_code, "--province-name", commune.province, "--out", enrolment)  # fmt: skip
        home = demo.kiosk(commune.kiosk_id)
        gopy("--home", home, "setup", enrolment)
        package = demo.central("package", "--kiosk-id", commune.kiosk_id, "--out", demo.home / "packages").stdout.strip().splitlines()[-1]
        gopy("--home", home, "import-package", package)

    step("feedback given at the kiosks, with clerks, and on paper (SubmissionService, gopy import-paper)")
    total = 0
    batches: list[Path] = []
    for commune in COMMUNES:
        home = demo.kiosk(commune.kiosk_id)
        paper = max(5, commune.people // 4)
        total += submit_at_kiosk(home, commune, commune.people - paper, chance)
        forms = demo.home / "paper" / f"{commune.kiosk_id}.csv"
        paper_forms(forms, commune, paper, chance)
        gopy("--home", home, "import-paper", forms)
        if commune.kiosk_id == "NA-KIM-LIEN-01":
            gopy("--home", home, "import-paper", forms)  # the same file again: its rows are recognised, nothing is added
        total += paper
        batches += export(demo, commune.kiosk_id, demo.home / "usb" / commune.kiosk_id)

    step(f"{len(batches)} batches ingested (gopy central ingest)")
    demo.central("ingest", *batches, "--json")

    step(f"{GAP_KIOSK}: its next batch arrives before the one before it (held, a gap)")
    gap = next(c for c in COMMUNES if c.kiosk_id == GAP_KIOSK)
    home = demo.kiosk(GAP_KIOSK)
    package = demo.central("package", "--kiosk-id", GAP_KIOSK, "--out", demo.home / "packages").stdout.strip().splitlines()[-1]
    gopy("--home", home, "import-package", package)  # the centre's acknowledgement comes home
    total += submit_at_kiosk(home, gap, 60, chance)
    parts = split_export(home, demo.home / "usb" / f"{GAP_KIOSK}-later", 30)
    demo.central("ingest", parts[-1], "--json")  # the stick with the earlier part is still on its way

    step(f"{REFUSED_KIOSK}: the stick was pulled while a batch was written (the partial copy is refused)")
    refused = next(c for c in COMMUNES if c.kiosk_id == REFUSED_KIOSK)
    home = demo.kiosk(REFUSED_KIOSK)
    total += submit_at_kiosk(home, refused, 25, chance)
    [written] = export(demo, REFUSED_KIOSK, demo.home / "usb" / f"{REFUSED_KIOSK}-second")
    pulled = demo.home / "usb" / "pulled" / written.name
    pulled.parent.mkdir(parents=True, exist_ok=True)
    pulled.write_bytes(written.read_bytes()[: written.stat().st_size // 2])
    outcome = demo.central("ingest", pulled, check=False)
    if outcome.returncode == 0:
        raise SystemExit("centre demo: a half-written batch was accepted; the centre should refuse it")
    written.unlink()  # that batch never reached the centre

    step("the demo operator (gopy central createuser --role operator)")
    password_file = demo.home / "operator-password"
    password_file.write_text(operator_password + "\n", encoding="utf-8")
    password_file.chmod(0o600)
    created = demo.central("createuser", "--username", OPERATOR, "--role", "operator", "--password-file", password_file)
    password_file.unlink()
    uri = next(word for line in created.stdout.splitlines() for word in line.split() if word.startswith("otpauth://"))
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    return {
        "username": OPERATOR,
        "password": operator_password,
        "totp_secret": secret,
        "totp_uri": uri,
        "kiosks": len(COMMUNES),
        "submissions_made": total,
        "built_seconds": round(time.monotonic() - started, 1),
    }


def demo_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "demo-" + "".join(secrets.choice(alphabet) for _ in range(12))


def prepare(home: Path) -> None:
    """An empty folder, or one this script left half-built (rebuilt from scratch); never someone else's folder."""
    if home.exists() and any(home.iterdir()):
        if not (home / MARK).exists():
            raise SystemExit(f"centre demo: {home} holds something else; give another --home")
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / MARK).write_text("made by python -m centre.demo\n", encoding="utf-8")


def _python() -> str:
    """This interpreter as the developer would type it (``.venv/bin/python`` from the project's folder)."""
    relative = os.path.relpath(sys.executable)
    return relative if not relative.startswith("..") else sys.executable


def sign_in_text(info: dict, url: str, home: Path) -> str:
    code = totp_code(info["totp_secret"])
    return "\n".join(
        [
            "",
            f"Gópý demo centre: {url}",
            f"  user name     {info['username']}",
            f"  password      {info['password']}",
            f"  TOTP secret   {info['totp_secret']}  (add it to an authenticator app, or:)",
            f"  current code  {code}  (changes every 30 s; a fresh one: {_python()} -m centre.demo --home {home} --code)",
            f"  {info['kiosks']} kiosks, {info['submissions_made']} submissions made on them; the demo's folder: {home}",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m centre.demo", description="A demo centre on SQLite, filled through the real path.")
    parser.add_argument("--home", default=".centre-demo", help="the demo's folder (default: .centre-demo)")
    parser.add_argument("--serve", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve it (default: 127.0.0.1:8000)")
    parser.add_argument("--no-serve", action="store_true", help="build (or find) the demo, print the sign-in, and stop")
    parser.add_argument("--code", action="store_true", help="print the demo operator's current second-factor code and stop")
    args = parser.parse_args(argv)
    home = Path(args.home).expanduser().resolve()
    ready = home / READY
    if args.code:
        if not ready.exists():
            raise SystemExit(f"centre demo: no demo in {home} yet; run “python -m centre.demo --home {home}” first")
        say(totp_code(json.loads(ready.read_text(encoding="utf-8"))["totp_secret"]))
        return 0
    if ready.exists():
        info = json.loads(ready.read_text(encoding="utf-8"))
        say(f"The demo centre is already built in {home}; serving it.")
    else:
        say(f"Building the demo centre in {home} (about a minute)…")
        prepare(home)
        info = build(Demo(home), demo_password())
        ready.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        ready.chmod(0o600)
        say(f"Built in {info['built_seconds']} s.")
    say(sign_in_text(info, f"http://{args.serve}/", home))
    if args.no_serve:
        return 0
    command = [sys.executable, "-m", "gopy", "central", "serve", "--home", str(home / "centre"), "--bind", args.serve, "--workers", "2"]
    os.chdir(ROOT)
    os.execv(sys.executable, command)  # the server takes this process: Ctrl+C stops it
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
