"""Publication outputs of `build` (SPEC §12): the plan as a web page and its data as open
data with a DCAT-AP-SE description.

Each publisher returns (role, path relative to the output folder, bytes); pipeline.build
writes them at one place, beside the documents.
"""
from __future__ import annotations

from ..model import Plan
from ..options import BuildOptions


def publish_outputs(plan: Plan, options: BuildOptions) -> list[tuple[str, str, bytes]]:
    from .dcat import dcat_outputs
    from .html import html_outputs
    from .opendata import opendata_outputs

    return html_outputs(plan, options) + opendata_outputs(plan) + dcat_outputs(plan)
