"""Bad and hostile input: one clear line, exit code 2, previous outputs kept, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import main
from briefing.render import html as html_renderer
from briefing.render.pdf import allowed_fetch, render_pdf

from .conftest import SMALL_ARTICLE as ARTICLE
from .conftest import SMALL_CONFIG as CONFIG
from .conftest import templates_folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize("content", ["", "\n\n", "Just A Headline\n\nicon-facebook icon-twitter\n"])
def test_source_with_no_text_is_a_warning(project: Path, content: str) -> None:
    (project / "b.txt").write_text(content, encoding="utf-8")
    cfg = project / "config.yaml"
    cfg.write_text(CONFIG + "  - path: b.txt\n", encoding="utf-8")
    code, err = run("build", str(cfg), "--format", "md")
    assert code == 0
    assert "warning: b.txt: no article text found" in err


def test_output_folder_that_is_a_file(project: Path) -> None:
    (project / "out").write_text("not a folder", encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--out", str(project / "out"), "--format", "md")
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[-1] == f"error: {project / 'out'}: is a file, not a folder; choose another output folder (--out)"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{% if %}", "templates/briefing.md.j2: line 1: Expected an expression"),
        ("{{ briefing.titel }}", "templates/briefing.md.j2: line 1: 'briefing.models.Briefing object' has no attribute 'titel'"),
        ("{% include 'nothing.j2' %}", "template 'nothing.j2' not found"),
    ],
)
def test_template_errors_name_file_and_line(project: Path, template: str, expected: str) -> None:
    templates_folder(project)
    (project / "templates" / "briefing.md.j2").write_text(template, encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--format", "md")
    assert code == 2
    assert expected in err.splitlines()[-1]


def test_interrupted_build_keeps_previous_outputs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = str(project / "config.yaml")
    assert run("build", cfg, "--format", "md,html,json")[0] == 0
    before = {p.name: p.read_bytes() for p in (project / "build").iterdir() if p.is_file()}
    (project / "a.txt").write_text(ARTICLE.replace("$5 million", "$9 million"), encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(html_renderer, "render_html", interrupted)  # the HTML stage
    result = CliRunner().invoke(main, ["build", cfg, "--format", "md,html,json"])
    assert result.exit_code != 0 and isinstance(result.exception, (KeyboardInterrupt, SystemExit))
    assert {p.name: p.read_bytes() for p in (project / "build").iterdir() if p.is_file()} == before


HOSTILE = (
    "Hostile Article Here\n\n"
    "The levy of $5 million passed <script>alert(1)</script> and <img src=file:///etc/passwd> and "
    "<link href=http://127.0.0.1:9/x.css> as well as [x](javascript:alert(1)) and "
    "![](file:///etc/passwd) and {{ 7*7 }} in the council today.\n"
)


def test_hostile_source_text_stays_text_everywhere(project: Path) -> None:
    (project / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (project / "config.yaml").write_text(
        CONFIG + "topics:\n  - name: levy\n    keywords: [levy]\nsections:\n  - title: Levy\n    topics: [levy]\n",
        encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"))
    assert code == 0, err
    html = (project / "build" / "briefing.html").read_text(encoding="utf-8")
    # The one image is briefing's own coverage figure, inline; the source's <img> is text.
    assert html.count("<img") == html.count('<img src="data:image/svg+xml;base64,') == 1
    for tag in ("<script", "<link", 'href="javascript:', 'src="file:'):
        assert tag not in html
    assert "{{ 7*7 }}" in html and "49" not in html  # never evaluated as a template
    text = " ".join(PdfReader(project / "build" / "briefing.pdf").pages[0].extract_text().split())
    assert "<img src=file:///etc/passwd>" in text and "{{ 7*7 }}" in text
    assert "warning" not in err  # nothing was even attempted to be fetched


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("data:text/css,p{}", True),
        ("file:///etc/passwd", False),
        ("http://127.0.0.1:9/x.css", False),
        ("https://example.com/logo.png", False),
        ("file:///tmp/templates/../../etc/passwd", False),
    ],
)
def test_url_fetcher_allows_only_template_files(url: str, allowed: bool) -> None:
    assert allowed_fetch(url, [Path("/tmp/templates")]) is allowed


def test_a_template_asking_for_local_files_gets_nothing(tmp_path: Path) -> None:
    html = ('<html><body><p>x</p><img src="file:///etc/passwd">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></body></html>')
    data, warnings, pages = render_pdf(html, tmp_path)
    assert pages == 1 and data.startswith(b"%PDF")
    assert any("/etc/passwd" in w for w in warnings) and any("127.0.0.1" in w for w in warnings)


def test_template_runtime_error_names_file_and_line(project: Path) -> None:
    templates_folder(project)
    (project / "templates" / "briefing.md.j2").write_text("# {{ briefing.title }}\n\n{{ 1 + \"a\" }}\n",
                                                          encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--format", "md")
    assert code == 2 and "Traceback" not in err
    assert err.strip().endswith("templates/briefing.md.j2: line 3: TypeError: unsupported operand type(s) "
                                "for +: 'int' and 'str'")


def test_a_misspelt_field_in_a_template_gets_a_suggestion(project: Path) -> None:
    templates_folder(project)
    (project / "templates" / "briefing.md.j2").write_text("# {{ briefing.titel }}\n", encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--format", "md")
    assert code == 2
    assert err.strip().endswith("templates/briefing.md.j2: line 1: 'briefing.models.Briefing object' has no "
                                "attribute 'titel'; did you mean 'title'?; see docs/templates.md for the variables")
