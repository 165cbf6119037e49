"""Statistics for supervisors (issue 6, docs/api-stats.md) and satisfaction ratings.

Definitions live in counter_app/domain/stats.py; this package only reads the database:
`facts` turns ticket events into one row per ticket (in Python for short ranges, in SQL
for long ones; tests/backend/test_stats_sql.py keeps the two equal), `report` groups
those rows into the contract's answer.
"""
