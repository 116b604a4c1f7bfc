-- Schema version 6: sweeps (`multihop sweep`): a named grid of searches in one store. Each
-- combination of the grid is a row of sweep_runs with the id its run gets (`<sweep>-<n>`), fixed
-- when the sweep is created, so a crash between creating a run and tagging it cannot leave a run
-- the sweep does not know: the combination's run is the run with that id, once it exists.
CREATE TABLE sweeps (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  -- the sweep file as canonical JSON ({ name, grid, fixed }, keys sorted)
  spec         TEXT NOT NULL CHECK (json_valid(spec)),
  spec_sha256  TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE sweep_runs (
  sweep_id    TEXT NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  -- the combination: search flag name -> value (the fixed values included), JSON object
  flag_values TEXT NOT NULL CHECK (json_valid(flag_values)),
  -- `<sweep_id>-<position + 1>`; no foreign key: the run is created when the sweep reaches the
  -- combination. Unique because sweep ids are.
  run_id      TEXT NOT NULL,
  -- one line: why the combination's last attempt failed (NULL once it succeeds)
  error       TEXT,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (sweep_id, position)
) STRICT, WITHOUT ROWID;
