-- Schema version 2: the chains a run reports, a timestamped event log per run, and indices
-- for the controller's and reports' lookups.

-- One row per reported chain; node_keys lists the chain's nodes root first, target last.
CREATE TABLE chains (
  run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL CHECK (position >= 0),
  kind                 TEXT NOT NULL CHECK (kind IN ('scratch', 'one-hop', 'multihop')),
  -- method label, e.g. 'kd' or 'kd>profweight' for a multihop chain
  method               TEXT NOT NULL,
  node_keys            TEXT NOT NULL CHECK (json_valid(node_keys) AND json_array_length(node_keys) >= 1),
  validation_accuracy  REAL,
  test_accuracy        REAL,
  -- anything else a report wants (means and spreads over seeds, gain over scratch), JSON object
  details              TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  PRIMARY KEY (run_id, position)
) STRICT;

CREATE TABLE run_events (
  id       INTEGER PRIMARY KEY,
  run_id   TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  at       TEXT NOT NULL,
  level    TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  message  TEXT NOT NULL,
  data     TEXT CHECK (data IS NULL OR json_valid(data))
) STRICT;

CREATE INDEX run_events_by_run ON run_events (run_id, id);
CREATE INDEX nodes_by_status ON nodes (run_id, status);
CREATE INDEX nodes_by_parent ON nodes (run_id, parent_key);
