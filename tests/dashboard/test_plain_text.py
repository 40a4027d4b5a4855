"""Submitted text is data, never markup: notes, outputs, file names read as typed everywhere."""

from __future__ import annotations

import re

import pytest

from dashboard.components import WORD_JOINER, plain

# submitted text, what ``plain`` gives Streamlit's Markdown
PLAIN_CASES = [
    ("Đang triển khai, 95,5% (ước)", "Đang triển khai, 95,5% (ước)"),
    ("10:30 ngày 20/02/2023", "10:30 ngày 20/02/2023"),
    ("bao_cao_quy_1.xlsx", "bao_cao_quy_1.xlsx"),
    ("_a_ b_ _c", "\\_a\\_ b\\_ \\_c"),
    ("![x](http://a.b/p.png)", f"\\!\\[x\\](http:{WORD_JOINER}//a.b/p.png)"),
    ("[bấm](https://e.com)", f"\\[bấm\\](https:{WORD_JOINER}//e.com)"),
    ("xem www.e.com", f"xem www{WORD_JOINER}.e.com"),
    ("gửi a@b.com", f"gửi a{WORD_JOINER}@b.com"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
    ("**đậm** _nghiêng_ `mã` $x$", "\\*\\*đậm\\*\\* \\_nghiêng\\_ \\`mã\\` \\$x\\$"),
    ("# tiêu đề | cột", "\\# tiêu đề \\| cột"),
    ("- mục\n1. mục", "\\- mục\n1\\. mục"),
    (":material/home:", f":{WORD_JOINER}material/home:"),
    (None, ""),
]


@pytest.mark.parametrize(("raw", "shown"), PLAIN_CASES)
def test_plain_escapes_every_markdown_meaning(raw, shown):
    """Test that plain() escapes links, images, HTML, emphasis, lists and bare addresses."""
    assert plain(raw) == shown


@pytest.mark.parametrize(("raw", "shown"), PLAIN_CASES)
def test_plain_keeps_the_text_a_person_reads(raw, shown):
    """Test that removing the escapes and joiners gives back exactly what was typed."""
    back = re.sub(r"\\(.)", r"\1", plain(raw)).replace(WORD_JOINER, "")
    assert back == (raw or "")
