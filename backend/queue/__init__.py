"""The queue: ticket issue and transitions (rules in counter_app.domain.queue), calling
order, the event log and its live broadcast to displays and counters."""
