"""The command line as a person meets it: one clear line on bad input, never a traceback."""

import json
import subprocess
import sys

import pytest


def gopy(*args, home):
    return subprocess.run([sys.executable, "-m", "ui.cli", "--home", str(home), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    assert gopy("demo-data", home=home).returncode == 0
    return home


def _one_clear_line(result):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


def test_demo_data_is_a_real_open_consultation(demo_home):
    [consultation] = json.loads(gopy("consultations", "--json", home=demo_home).stdout)
    assert consultation["status"] == "open" and consultation["draft_version"] == 1
    assert "Điều 23." in gopy("parse-draft", "assets/demo/du-thao-quy-che-cho-xa.md", home=demo_home).stdout
    parsed = json.loads(gopy("parse-draft", "assets/demo/du-thao-quy-che-cho-xa.md", "--json", home=demo_home).stdout)
    assert "BẢN MẪU" in json.dumps(parsed["nodes"][0], ensure_ascii=False)  # marked as a sample


def test_import_paper_prints_one_receipt_code_per_form(demo_home, tmp_path):
    from datetime import date

    csv = tmp_path / "phieu.csv"
    today = date.today().strftime("%d/%m/%Y")
    csv.write_text(
        f"Mã lấy ý kiến,Điều,Quan điểm,Nội dung góp ý,Ngày phiếu\nAP-2026-CHO,Điều 7,Đồng ý,Bốc thăm là công bằng.,{today}\n"
        f"AP-2026-CHO,Điều 9 khoản 1,Không đồng ý,Phí cao quá.,{today}\n",
        encoding="utf-8",
    )
    result = gopy("import-paper", str(csv), home=demo_home)
    assert result.returncode == 0, result.stderr
    codes = result.stdout.split()
    assert len(codes) == 2 and all(len(c) == 14 and c.count("-") == 2 for c in codes)
    rows = json.loads(gopy("import-paper", str(csv), "--json", home=demo_home).stdout)
    assert [r["duplicate"] for r in rows] == [False, False]  # no row keys: a second import is new forms
    assert gopy("verify-chain", home=demo_home).returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("import-paper", "no-such-file.csv"),
        ("parse-draft", "no-such-file.docx"),
        ("receipt", "7K3M-9QXA-2FHD", "--out", "/tmp/x.pdf"),
        ("receipt", "ABCD", "--out", "/tmp/x.pdf"),
        ("daily-report", "--date", "2026-11-23", "--out", "/tmp/x.pdf"),
        ("import-package", "/etc/hostname"),
        ("setup", "/etc/hostname"),
    ],
)
def test_bad_input_is_one_clear_line(demo_home, args):
    _one_clear_line(gopy(*args, home=demo_home))


def test_a_csv_missing_a_column(demo_home, tmp_path):
    csv = tmp_path / "phieu.csv"
    csv.write_text("consultation,comment\nAP-2026-CHO,x\n", encoding="utf-8")
    line = _one_clear_line(gopy("import-paper", str(csv), home=demo_home))
    assert "article" in line and "stance" in line


def _subcommands(parser) -> dict:
    return parser._subparsers._group_actions[0].choices  # argparse keeps them there, and nowhere public


def test_each_command_parses_the_same_with_only_its_layers_parsers():
    import ui.cli  # noqa: F401  (registers every layer's commands)
    from kiosk import cli

    full = _subcommands(cli.build_parser())
    for name in full:
        lean = _subcommands(cli.build_parser(cli.command_in(["--home", "/tmp/h", name])))
        assert lean[name].format_help() == full[name].format_help()
        assert len(lean) < len(full)
    assert cli.command_in(["--lang", "en", "--home", "run", "tour"]) == "tour"
    assert cli.command_in(["--help"]) is None
