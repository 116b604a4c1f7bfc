-- Schema version 3: which process drives a run. A run is driven by one process at a time: a
-- second `multihop resume` of a run whose owner is alive (same host: its pid exists; any host: a
-- heartbeat in the last minute) is refused instead of retraining the owner's hops under it.
CREATE TABLE run_leases (
  run_id        TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  pid           INTEGER NOT NULL CHECK (pid > 0),
  host          TEXT NOT NULL,
  heartbeat_at  TEXT NOT NULL
) STRICT;
