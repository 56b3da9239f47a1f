""" "Quy trình nội bộ": the agency administrator edits each case's internal process in the back office."""
