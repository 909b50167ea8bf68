"""Tests of the structured bank-format readers (OFX, CAMT, MT940, QIF, IIF)."""
