"""Records to the tidy table: read and check the records, merge them with the published CSV.

May import matrix (what a record's names mean), never run or report.
"""
