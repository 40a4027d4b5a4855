"""The briefing files: deck, slide PNGs, A4 PDF and Word report carry the metrics layer's figures."""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document
from PIL import Image
from pptx import Presentation

from dashboard import briefing
from dashboard.components import file_slug
from dashboard.documents import word
from metrics import api, labels
from metrics.briefing import build_briefing
from metrics.common import MetricsInputError
from metrics.format import fmt_value
from metrics.report import build_report
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # the briefing's four files written and rendered: end to end

MONTH = "2023-06"
YEAR = 2023


@pytest.fixture(scope="module")
def produced(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("ban-tin")
    return briefing.produce(MONTH, sample_db, out, period="H1")


@pytest.fixture(scope="module")
def brief(sample_db):
    return build_briefing(MONTH, sample_db)


def _deck_texts(path) -> list[str]:
    """The text of each slide, whitespace folded."""
    return [
        " ".join(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).split())
        for slide in Presentation(str(path)).slides
    ]


def test_all_four_files_are_written(produced):
    """Test that one month's four formats are written (their time is in ``make bench``)."""
    assert set(produced.files) == {"pptx", "png", "pdf", "docx"}
    assert all(p.exists() and p.stat().st_size > 0 for p in produced.paths)


def test_deck_has_the_meeting_slides(produced, brief):
    """Test cover, summary, one slide per group, wards and problems, in that order."""
    result = produced
    prs = Presentation(str(result.files["pptx"][0]))
    assert prs.slide_width * 9 == prs.slide_height * 16
    texts = _deck_texts(result.files["pptx"][0])
    assert len(texts) == 2 + len(brief.groups) + 2
    assert "BẢN TIN GIAO BAN THÁNG 6/2023" in texts[0]
    assert "Số liệu tính đến hết ngày 30/06/2023" in texts[0]
    assert labels.SAMPLE_WARNING in texts[0]
    assert "31/12/2023" not in texts[0]
    for sentence in brief.sentences:
        assert sentence in texts[1]
    for n, (_, g) in enumerate(brief.groups.iterrows(), start=2):
        assert f"Nhóm {g['group']} – {g['short_name']}" in texts[n]
        assert g["status_label"] in texts[n]
    assert texts[-1].startswith("Vấn đề cần chỉ đạo")


def test_deck_figures_are_the_metrics_layers(produced, sample_db):
    """Test that the group slides quote the KPI values and paths of metrics.api, Vietnamese style."""
    result = produced
    texts = " ".join(_deck_texts(result.files["pptx"][0]))
    kpis = api.kpi_table(YEAR, MONTH, db=sample_db)
    shown = kpis[kpis["code"].isin(["hs_truc_tuyen", "ttdt_tthc", "giai_ngan_dtc"])]
    assert len(shown) == 3
    for _, k in shown.iterrows():
        assert fmt_value(k["value"], k["format"]) in texts
        assert fmt_value(k["expected"], k["format"]) in texts
        assert "," in fmt_value(k["value"], k["format"])  # decimal comma


def test_deck_body_text_is_readable_when_projected(produced):
    """Test that no text on a slide is under 17 pt (footers) and the body is at least 18 pt."""
    result = produced
    sizes = [
        run.font.size.pt
        for slide in Presentation(str(result.files["pptx"][0])).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
    ]
    assert min(sizes) >= 17
    assert sum(s >= 18 for s in sizes) > len(sizes) / 2


def test_pngs_are_full_hd_slides_named_by_month_and_topic(produced):
    """Test one 1920 × 1080 PNG per slide, named ban-tin-<month>-<nn>-<topic>.png, not blank."""
    result = produced
    pngs = result.files["png"]
    assert len(pngs) == len(_deck_texts(result.files["pptx"][0]))
    assert pngs[0].name == f"ban-tin-{MONTH}-01-bia.png"
    assert pngs[-1].name.endswith("-van-de.png")
    for path in pngs:
        with Image.open(path) as image:
            assert image.size == (1920, 1080)
            assert len(image.convert("L").getcolors(65536) or []) > 20


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_pdf_is_a4_with_the_month_and_page_numbers(produced):
    """Test ≤ 8 A4 pages, the month on the cover, page numbers, fonts embedded."""
    result = produced
    path = result.files["pdf"][0]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert 1 <= pages <= 8
    assert pages == result.pdf_pages
    assert "595.28 x 841.89 pts" in info.stdout  # A4
    text = _pdf_text(path)
    assert "BẢN TIN GIAO BAN THÁNG 6/2023" in text
    assert "Số liệu tính đến hết ngày 30/06/2023" in text
    assert f"Trang {pages}/{pages}" in text
    assert "31/12/2023" not in text.split("Trang 1/")[0]


def test_docx_is_an_administrative_report(produced, sample_db):
    """Test the heading block of Nghị định 30/2020, the period and figures of build_report."""
    result = produced
    doc = Document(str(result.files["docx"][0]))
    heading = " ".join(c.text for c in doc.tables[0].rows[0].cells)
    for part in (
        "ỦY BAN NHÂN DÂN",
        "QUẬN 1",
        "/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quận 1, ngày",
    ):
        assert part in heading
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body
    assert "Kết quả thực hiện Chủ đề năm 2023 (6 tháng đầu năm)" in body
    assert "30/06/2023" in body
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    last = " ".join(c.text for c in doc.tables[-1].rows[0].cells)
    assert "Nơi nhận:" in last and "CHỦ TỊCH" in last
    report = build_report(YEAR, "2023-06", db=sample_db)
    rows = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    for _, k in report.kpis.dropna(subset=["value"]).iterrows():
        assert rows[k["label"]] == fmt_value(k["value"], k["format"])
    for _, g in report.groups.iterrows():
        assert f"Nhóm {g['group']} – {g['short_name']}: {int(g['tasks_total'])} nhiệm vụ" in body
    missing = report.compliance[report.compliance["status"] == "missing"]["unit_name"]
    for unit in missing:
        assert unit in body


@pytest.mark.parametrize(
    ("code", "phrase", "end"),
    [
        ("Q1", "quý I", "31/03/2023"),
        ("9M", "9 tháng đầu năm", "30/09/2023"),
        ("Y", "cả năm", "31/12/2023"),
    ],
)
def test_docx_for_each_period(sample_db, tmp_path, code, phrase, end):
    """Test that each reporting period gives its own subject and as-of date."""
    path = word.write_report(YEAR, code, tmp_path / "r.docx", db=sample_db)
    body = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert f"Chủ đề năm 2023 ({phrase})" in body
    assert end in body
    # Each group's line counts every task once: "9 nhiệm vụ; hoàn thành 3, …, thường xuyên 1."
    lines = re.findall(r"Nhóm \w+ – [^:]+: (\d+) nhiệm vụ; ([^.]+)\.", body)
    assert len(lines) == len(api.plan(YEAR).groups)
    for total, counts in lines:
        assert sum(int(part.rsplit(" ", 1)[1]) for part in counts.split(", ")) == int(total)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ("pptx", "png", "pdf", "docx")),
        ("pdf", ("pdf",)),
        ("PPTX, png,pptx", ("pptx", "png")),
    ],
)
def test_parse_formats(text, expected):
    """Test the --formats list: order kept, duplicates and case folded."""
    assert briefing.parse_formats(text) == expected


@pytest.mark.parametrize("text", ["pdf,xls", ",", "jpg"])
def test_parse_formats_refuses_unknown(text):
    """Test that an unknown format is a Vietnamese sentence naming the known ones."""
    with pytest.raises(MetricsInputError, match="pptx,png,pdf,docx"):
        briefing.parse_formats(text)


@pytest.mark.parametrize(
    ("month", "period"),
    [("2023-02", "Q1"), ("2023-03", "Q1"), ("2023-06", "H1"), ("2023-08", "H1"), ("2023-12", "Y")],
)
def test_default_period_is_the_last_one_ended(month, period):
    """Test the Word report's default period: the latest that ended by the month."""
    assert briefing.default_period(YEAR, month) == period


def test_unknown_period_is_refused():
    """Test that --period Q5 names the plan's periods."""
    with pytest.raises(MetricsInputError, match="Q1, H1, 9M, Y"):
        word.period_of(YEAR, "Q5")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Tỷ lệ hồ sơ nộp trực tuyến-Toàn quận-2023-06",
            "ty-le-ho-so-nop-truc-tuyen-toan-quan-2023-06",
        ),
        ("Phường Đa Kao", "phuong-da-kao"),
        ("Nhiệm vụ · theo nhóm", "nhiem-vu-theo-nhom"),
    ],
)
def test_chart_file_names(text, slug):
    """Test that chart PNG file names are plain ASCII made of their parts."""
    assert file_slug(text) == slug


def test_page_button_offers_every_file(sample_db, monkeypatch):
    """Test that the page's button offers the deck, the PNGs, the PDF and the Word report."""
    import io
    import zipfile

    from streamlit.testing.v1 import AppTest

    from tests.dashboard.pages import script_page, switch_to

    monkeypatch.setenv("KPI_DB", str(sample_db))
    monkeypatch.setenv("KPI_READ_ONLY", "1")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params.update({"nam": "2023", "thang": MONTH, "pham_vi": "district"})
    switch_to(at, script_page("views/ban_tin.py")).run()
    at.button(key="bt_export").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    made = at.session_state[f"briefing_files_{MONTH}"]
    assert made["pdf"][0].startswith(b"%PDF")
    assert made["pptx"][1] == f"ban-tin-{MONTH}.pptx"
    assert made["docx"][1] == f"bao-cao-{YEAR}-H1.docx"
    names = zipfile.ZipFile(io.BytesIO(made["png"][0])).namelist()
    assert f"ban-tin-{MONTH}-01-bia.png" in names
