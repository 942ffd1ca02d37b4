"""What the assessments app prints, one module per document: the report of an assessment
(``report``) and the information sheet for the staff council (``information_sheet``).
"""

from .information_sheet import build_information_sheet, information_sheet
from .report import build_report, report_document

__all__ = ["build_information_sheet", "build_report", "information_sheet", "report_document"]
