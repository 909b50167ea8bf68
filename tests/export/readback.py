"""Reading a written report back the ways its users will: openpyxl, calamine, raw XML."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook


@dataclass
class Report:
    path: Path
    book: Any  # openpyxl Workbook (full mode: styles, links, views)
    calamine: Any

    def sheet(self, name: str) -> Any:
        return self.book[name]

    def headers(self, name: str) -> list[str]:
        return [cell.value for cell in self.book[name][1]]

    def column(self, sheet: str, header: str) -> int:
        """1-based index of a column, found by header text as the contract says."""
        return self.headers(sheet).index(header) + 1

    def records(self, sheet: str) -> list[dict[str, Any]]:
        """Data rows as header -> openpyxl cell."""
        ws = self.book[sheet]
        names = self.headers(sheet)
        return [dict(zip(names, row, strict=False)) for row in ws.iter_rows(min_row=2)]

    def calamine_rows(self, sheet: str) -> list[list[Any]]:
        return list(self.calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False))

    def summary_block(self, title: str) -> list[list[Any]]:
        """The cells of a Summary block: from the row after its title to the next blank row."""
        rows = [list(r) for r in self.book["Summary"].iter_rows()]
        start = next(i for i, r in enumerate(rows) if r[0].value == title) + 1
        block = []
        for row in rows[start:]:
            if all(cell.value is None for cell in row):
                break
            block.append(row)
        return block

    def sheet_xml(self, name: str) -> str:
        index = self.book.sheetnames.index(name) + 1
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(f"xl/worksheets/sheet{index}.xml").decode()

    def raw_cell(self, sheet: str, coordinate: str) -> str:
        match = re.search(rf'<c r="{coordinate}"[^>]*?(?:/>|>.*?</c>)', self.sheet_xml(sheet))
        assert match is not None, f"{sheet}!{coordinate} not in the XML"
        return match.group(0)


def cell_values(rows: list[list[Any]], width: int) -> list[tuple[Any, ...]]:
    """The values of the first ``width`` cells of each row."""
    return [tuple(cell.value for cell in row[:width]) for row in rows]


def read_report(path: Path) -> Report:
    return Report(path, openpyxl.load_workbook(path), CalamineWorkbook.from_path(str(path)))
