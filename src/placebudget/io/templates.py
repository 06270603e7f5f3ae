"""A commented case file to start from: every required field present, each field
explained on the line above it, loadable and valid as written (``placebudget init``).

Without a theme the template has one intervention with one effect and two cost lines,
the figures round and illustrative (replace them); with a theme it selects the theme,
lists the partners its interventions refer to and every parameter at its default, with
the parameter's meaning, evidence and grade.

Examples
--------
>>> import tomllib
>>> text = case_template()
>>> sorted(tomllib.loads(text))[:4]
['deflators', 'description', 'discounting', 'horizon']
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from placebudget.model import PARTNER_KIND_DEPARTMENTS, PARTNER_KINDS

if TYPE_CHECKING:
    from placebudget.model.themes import ParameterSpec, ThemeSpec

__all__ = ["case_template"]

_HEADER = """\
# A placebudget business case. Lines starting with # are comments; fields marked
# (required) must be given, the others show their defaults. Every field is described
# in the documentation's case file reference (reference/case-file).
# Check it with `placebudget validate {file}`, appraise it with `placebudget run {file}`.

# (required) What the case is called in every report.
name = "{name}"
# What the case proposes, in a sentence or two.
description = "Describe the new delivery model and who it is for."
# (required) First financial year appraised: 2025 means 2025/26.
start_year = {start}
# (required) Number of years appraised.
horizon = 5
# (required) Price base: every amount is uprated to prices of this financial year.
price_year = {start}
# Discount schedule: "standard" is the Green Book's 3.5 % (3.0 % after year 30).
discounting = "standard"
# Optimism bias table applied by evidence grade: "gm-cba-2014" is the GM CBA model's (its
# values not confirmed from the published guidance); or your own, grades 1 to 6:
# optimism_bias = {{ grades = [0, 0.05, 0.10, 0.20, 0.30, 0.40] }}
# optimism_bias = {{ file = "optimism_bias.csv" }}   (grade,rate columns, beside this file)
optimism_bias = "gm-cba-2014"
# GDP deflator series used to uprate amounts to the price base.
deflators = "hmt-2025-12"
"""

_UNIT_COSTS = """\
# Unit Cost Database edition for "ucd:CODE" values: "ucd-v1.4" (default) or "ucd-v1.2".
unit_costs = "{edition}"
"""

_PLACE = """\

# (required) The place and the partners who pool budgets in it.
[place]
# (required) A short id (letters, digits, _ - .) and the place's name.
id = "{place_id}"
name = "{place_name}"
"""

_PARTNERS = """\

# (required) One table per partner: an id (what values and costs name it by), its name,
# its kind, one of
{kinds}
# and the government department it reports to (national totals are by department).
"""

_PARTNER = """\
[[place.partners]]
id = "{id}"
name = "{name}"
kind = "{kind}"
"""


_INTERVENTION = """\

# (required unless a theme builds them) One table per intervention.
[[interventions]]
# (required) Short id (it names the intervention's inputs: key_workers › ...), and name.
id = "key_workers"
name = "Family key workers"
# (required) The theme the intervention belongs to (a label; any installed theme's
# name, or your own).
theme = "troubled_families"
# (required) Share of the cohort who take part, 0 to 1.
engagement = 0.8
description = "A key worker and one family plan for each family."

# (required) Who the intervention is for.
[interventions.cohort]
# (required) Id of the cohort; unit is what one member is (family, person, household).
id = "families"
unit = "family"
# (required) New cohort members by financial year.
[interventions.cohort.intake]
{start} = 100
{next} = 120

# (required) One table per outcome the intervention changes.
[[interventions.effects]]
# (required) Outcome id and the unit it is counted in.
outcome = "domestic_violence"
unit = "incident"
description = "Police-recorded domestic violence incidents."
# (required) Events per engaged member a year as is, and the share the intervention
# removes (0 to 1).
baseline = 1.2
impact = 0.3
# What would have happened anyway, what moved elsewhere, and the share due to this
# intervention (0 to 1). An SROI "attribution" is the share due to others: write it as
# attribution_to_others = 0.25 instead of attribution (never both). An effect that raises
# its outcome (a dis-benefit) adds increases = true.
deadweight = 0.2
displacement = 0.0
attribution = 1.0
# Years before the effect starts, years it lasts, and its fall each year after the first.
lag = 0
duration = 3
drop_off = 0.25
# Evidence grade, 1 (strongest) to 6: it sets the optimism bias on the impact.
confidence = 4
# Source of the figures above (shown in the assumptions of every report).
source = "Replace with the evaluation the rates come from."
# Fiscal value of one event avoided, by partner id: an amount with its unit
# ("350 GBP/incident") or a Unit Cost Database line ("ucd:CR2.0.3"); a table adds
# price_year, cashable (the share that is a cashable saving, 0 if not stated) and transfer.
[interventions.effects.fiscal.{second}]
amount = "650 GBP/incident"
price_year = {start}
cashable = 0.1

# One table per cost line of the intervention.
[[interventions.costs]]
# (required) The partner who pays, and the price year of the amounts.
partner = "{first}"
price_year = {start}
# A name for the line (it names the line's input: key_workers › costs › workers).
id = "workers"
# Either a cost per engaged member, or amounts by financial year (below).
per_participant = "3200 GBP/family"
# What the cost is for, revenue or capital (or in_kind), and its evidence grade (1-6),
# which sets its optimism bias.
category = "intervention"
kind = "revenue"
confidence = 2
description = "Key workers' salaries and on-costs, per engaged family."

# A second cost line: a one-off amount.
[[interventions.costs]]
partner = "{first}"
price_year = {start}
id = "set_up"
# Amounts by financial year, in pounds at the price year.
amounts = {{ {start} = 50000 }}
category = "set_up"
kind = "revenue"
confidence = 3
description = "Recruitment and training."
"""

_UNCERTAINTY = """\

# Optional: a distribution for an input, named by ids, for `placebudget simulate`
# (inputs with none vary with the spread of their evidence grade).
# [uncertainty."key_workers › domestic_violence › impact"]
# distribution = "pert"
# low = 0.15
# mode = 0.3
# high = 0.4
"""


def _comment(text: str, indent: str = "# ") -> str:
    return "\n".join(textwrap.wrap(text, width=88, initial_indent=indent, subsequent_indent=indent))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _parameter(spec: ParameterSpec) -> str:
    grade = f"; evidence grade {spec.confidence}" if spec.confidence else ""
    bounds = [
        f"at least {spec.minimum:g}" if spec.minimum is not None else "",
        f"at most {spec.maximum:g}" if spec.maximum is not None else "",
        f"one of {', '.join(spec.choices)}" if spec.choices else "",
    ]
    allowed = ", ".join(b for b in bounds if b)
    value = (
        f"{spec.name} = {_toml_value(spec.default)}"
        if spec.default is not None
        else f"# {spec.name} = (no default: give a value to use one)"
    )
    lines = [
        _comment(
            f"{spec.description} ({spec.kind.__name__}"
            f"{', ' + allowed if allowed else ''}). Source: {spec.source}{grade}."
        ),
        value,
    ]
    return "\n".join(lines)


def case_template(
    theme: ThemeSpec | None = None, *, file: str = "case.toml", start_year: int | None = None
) -> str:
    """The text of a commented TOML case file to start from.

    Parameters
    ----------
    theme
        An installed theme (:meth:`placebudget.plugin.PluginRegistry.theme`): the case
        selects it, has the partners it needs and lists its parameters at their
        defaults. ``None``: a case with one illustrative intervention written out.
    file
        The file name the comments refer to.
    start_year
        The first financial year (and price base) of the case; by default the theme's
        ``start_year`` parameter, else the last year of the default deflator series.
    """
    from placebudget.reference import deflator_series

    if start_year is None:
        defaults = theme.defaults() if theme is not None else {}
        start_year = (
            int(defaults["start_year"])
            if isinstance(defaults.get("start_year"), int)
            else max(deflator_series().values)
        )
    kinds = ", ".join(PARTNER_KINDS)
    if theme is None:
        partners = {"council": "local_authority", "police": "police"}
        name = "Our place: a new delivery model"
    else:
        partners = dict(theme.partners) or {"council": "local_authority"}
        name = f"Our place: {theme.title}"
    parts = [_HEADER.format(file=file, name=name, start=start_year)]
    edition = theme.unit_costs if theme is not None and theme.unit_costs else "ucd-v1.4"
    parts.append(_UNIT_COSTS.format(edition=edition))
    if theme is not None:
        parts.append(
            "\n"
            + _comment(
                f"The theme {theme.name!r} ({theme.title}) builds the "
                "interventions: " + theme.description
            )
            + "\n"
            f"theme = {_toml_value(theme.name)}\n"
        )
    parts.append(_PLACE.format(place_id="our_place", place_name="Our place"))
    parts.append(_PARTNERS.format(kinds=_comment(kinds, "#   ")))
    for number, (partner, kind) in enumerate(partners.items()):
        parts.append(
            ("\n# Another partner, its fields as above.\n" if number else "")
            + _PARTNER.format(
                id=partner,
                name=f"Replace with the {kind.replace('_', ' ')} partner's name",
                kind=kind,
            )
        )
        if kind in PARTNER_KIND_DEPARTMENTS:
            parts.append(f"department = {_toml_value(PARTNER_KIND_DEPARTMENTS[kind])}\n")
    if theme is None:
        parts.append(
            _INTERVENTION.format(
                start=start_year,
                next=start_year + 1,
                first=next(iter(partners)),
                second=list(partners)[-1],
            )
        )
        parts.append(_UNCERTAINTY)
    elif theme.parameters:
        parts.append(
            "\n# The theme's parameters, each at its default: change the ones your "
            "evidence\n# supports (`placebudget themes " + theme.name + "` lists "
            "them).\n[parameters]\n"
        )
        parts.append("\n".join(_parameter(p) for p in theme.parameters) + "\n")
    return "".join(parts)
