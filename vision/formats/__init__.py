"""Dates in one format per language: every page, table and email writes a date the way its
language's long format does ("3 Dec 2026" in English, "3 декабря 2026 г." in Russian), never
a short form such as 12/03/2026, which reads as two different days across the region."""
