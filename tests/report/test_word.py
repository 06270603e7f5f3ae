"""The Word report: read back with python-docx, and rendered to PDF by LibreOffice
(pages that are not blank)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import placebudget as pb
from placebudget.engine.simulation import UncertaintySummary
from placebudget.examples import example_path
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents
from placebudget.report.tables import format_money

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def case() -> pb.Case:
    return pb.load_case(example_path("west_cheshire"))


@pytest.fixture(scope="module")
def uncertainty(case: pb.Case) -> UncertaintySummary:
    return pb.summarize(pb.simulate(case, draws=300, seed=5))


@pytest.fixture(scope="module")
def report(
    case: pb.Case, uncertainty: UncertaintySummary, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("word") / "case.docx"
    registry = get_plugin_registry()
    registry.write_report(
        registry.reporter_for(path),
        pb.compute_results(pb.project(case), uncertainty=uncertainty),
        path,
    )
    return path


def test_it_reads_back_as_the_economic_case(
    case: pb.Case, report: Path, uncertainty: UncertaintySummary
) -> None:
    import docx

    document = docx.Document(str(report))
    result = pb.project(case).appraise()
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    sections = report_contents(
        pb.compute_results(pb.project(case), uncertainty=uncertainty)
    ).sections
    numbered = [s.title for s in sections if s.level == 2]
    assert headings[:2] == ["1. Summary", "2. What failure costs today and who pays"]
    assert headings == [f"{n}. {title}" for n, title in enumerate(numbered, 1)]
    assert document.core_properties.title == case.name
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Net present budget impact", format_money(result.npbi)] in cells
    assert ["Benefit-cost ratio", f"{result.bcr:.2f}"] in cells
    council = next(
        r
        for r in cells
        if r[0] == "Cheshire West and Chester Council" and r[1] == "Local authority"
    )
    assert council[2:4] == [
        format_money(result.by_partner.loc["council", "pv_cost"]),
        format_money(result.by_partner.loc["council", "pv_fiscal"]),
    ]
    assert any(r[0] == "2013/14" for r in cells)  # financial years
    mean = format_money(float(uncertainty.metrics["npbi"].mean()))
    assert any(r[0] == "Net present budget impact" and r[1] == mean for r in cells)
    pictures = list(document.inline_shapes)
    # as is, partners, cumulative, outcomes, tornado, S-curves, partners' nets, money flows
    assert len(pictures) == 8
    described = [p._inline.docPr.get("descr") for p in pictures]
    assert all(text and len(text) > 20 for text in described)  # every picture has alt text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "300 draws of" in text
    assert "never within the input's bounds" in text


def test_without_monte_carlo_it_has_no_uncertainty_section(case: pb.Case, tmp_path: Path) -> None:
    import docx

    path = tmp_path / "plain.docx"
    get_plugin_registry().reporter_for(path).write(pb.compute_results(pb.project(case)), path)
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert not any("Uncertainty" in h for h in headings)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "placebudget " not in text.replace("Produced by placebudget.", "")


@pytest.mark.skipif(
    (OFFICE is None or PDFTOPPM is None) and not os.environ.get("PLACEBUDGET_REQUIRE_OFFICE"),
    reason="LibreOffice and poppler are not installed (CI installs "
    "Debian's libreoffice-writer-nogui and poppler-utils)",
)
def test_it_renders_to_pdf_with_pages_that_are_not_blank(report: Path, tmp_path: Path) -> None:
    from matplotlib.image import imread

    assert OFFICE is not None, "PLACEBUDGET_REQUIRE_OFFICE is set but LibreOffice is missing"
    assert PDFTOPPM is not None, "PLACEBUDGET_REQUIRE_OFFICE is set but pdftoppm is missing"
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own
    subprocess.run(
        [OFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )
    pdf = tmp_path / "case.pdf"
    assert pdf.stat().st_size > 50_000
    subprocess.run(
        [PDFTOPPM, "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5
    for page in pages:
        pixels = imread(page)
        inked = (pixels[..., :3] < 0.9).any(axis=-1).mean()
        assert inked > 0.01, f"{page.name} is blank"
        assert np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0).shape[0] > 10


def _text_of(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_every_page_is_marked_a_draft_unless_final(case: pb.Case, tmp_path: Path) -> None:
    import docx

    from placebudget.report.word import write_docx

    results = pb.compute_results(pb.project(case), sensitivity=False)
    write_docx(results, tmp_path / "draft.docx")
    write_docx(results, tmp_path / "final.docx", final=True)
    draft = docx.Document(str(tmp_path / "draft.docx"))
    for section in draft.sections:
        assert "DRAFT" in "".join(p.text for p in section.header.paragraphs)
        footer = section.footer.paragraphs[-1]
        assert footer._p.xpath(".//w:fldSimple[@w:instr='PAGE']")
        assert footer._p.xpath(".//w:fldSimple[@w:instr='NUMPAGES']")
        assert "placebudget" in footer.text
        assert "case " in footer.text
    assert "DRAFT" not in _text_of(tmp_path / "final.docx")
    assert "Decision asked for: the partners are asked to invest" in _text_of(
        tmp_path / "final.docx"
    )


def test_a_council_template_keeps_its_header(case: pb.Case, tmp_path: Path) -> None:
    import docx

    from placebudget.report.word import write_docx

    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Cheshire West and Chester Council"
    template.add_paragraph("Template body text that the paper replaces")
    template.save(str(tmp_path / "council.docx"))
    results = pb.compute_results(pb.project(case), sensitivity=False)
    write_docx(results, tmp_path / "paper.docx", template=tmp_path / "council.docx")
    text = _text_of(tmp_path / "paper.docx")
    assert (
        "Cheshire West and Chester Council"
        in text.splitlines()[len(docx.Document(str(tmp_path / "paper.docx")).paragraphs) :][0]
    )
    assert "Template body text" not in text


def test_a_template_that_cannot_be_used_is_refused_before_anything_is_written(
    case: pb.Case, tmp_path: Path
) -> None:
    import docx

    from placebudget.errors import ValidationError
    from placebudget.report.word import write_docx

    results = pb.compute_results(pb.project(case), sensitivity=False)
    (tmp_path / "notes.docx").write_text("not a zip")
    with pytest.raises(ValidationError, match=r"template .*notes.docx"):
        write_docx(results, tmp_path / "a.docx", template=tmp_path / "notes.docx")
    bare = docx.Document()
    bare.styles["Caption"].delete()
    bare.save(str(tmp_path / "bare.docx"))
    with pytest.raises(ValidationError, match=r"bare.docx.*lacks the style 'Caption'"):
        write_docx(results, tmp_path / "a.docx", template=tmp_path / "bare.docx")
    assert not (tmp_path / "a.docx").exists()


def test_the_command_line_refuses_a_template_before_computing(tmp_path: Path) -> None:
    from placebudget.cli import main

    (tmp_path / "council.docx").write_text("not a zip")
    code = main(
        [
            "run",
            str(example_path("west_cheshire")),
            "-o",
            str(tmp_path / "p.docx"),
            "--template",
            str(tmp_path / "council.docx"),
        ]
    )
    assert code == 1
    assert not (tmp_path / "p.docx").exists()
    assert (
        main(["run", str(example_path("west_cheshire")), "-o", str(tmp_path / "p.md"), "--final"])
        == 1
    )
    assert not (tmp_path / "p.md").exists()
