"""Nghĩa vụ tài chính đất đai (seed 002, Phụ lục 3 and 4): look a tax notice up by its keys, pay it, download the
payment voucher — for businesses and for individuals and households, signed in or not."""
