-- Schema version 1: runs, the nodes they trained, and the transfer signals cached per node.
-- Applied inside one transaction by src/store/store-migrations.ts; the version lives in
-- PRAGMA user_version. Never edit a migration that has shipped: add the next numbered file.

CREATE TABLE runs (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'done', 'failed')),
  -- the command line that started the run, JSON array of strings
  command       TEXT NOT NULL CHECK (json_valid(command)),
  -- full search space + settings, JSON object
  config        TEXT NOT NULL CHECK (json_valid(config)),
  dataset_name  TEXT NOT NULL,
  dataset_hash  TEXT NOT NULL,
  -- SplitSettings, JSON object
  split         TEXT NOT NULL CHECK (json_valid(split)),
  backend       TEXT NOT NULL,
  strategy      TEXT NOT NULL,
  -- JSON array of method keys
  methods       TEXT NOT NULL CHECK (json_valid(methods)),
  -- JSON array of integers
  seeds         TEXT NOT NULL CHECK (json_valid(seeds)),
  workers       INTEGER NOT NULL CHECK (workers >= 1),
  error         TEXT
) STRICT;

CREATE TABLE nodes (
  run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key                  TEXT NOT NULL,
  parent_key           TEXT,
  role                 TEXT NOT NULL CHECK (role IN ('root', 'scratch', 'intermediate', 'target')),
  method               TEXT NOT NULL,
  -- method parameters and conventions (KD alpha convention, probe set, normalisation), JSON
  method_params        TEXT NOT NULL CHECK (json_valid(method_params)),
  arch                 TEXT NOT NULL CHECK (json_valid(arch)),
  arch_label           TEXT NOT NULL,
  params               INTEGER NOT NULL CHECK (params >= 0),
  flops                INTEGER NOT NULL CHECK (flops >= 0),
  bytes                INTEGER NOT NULL CHECK (bytes >= 0),
  seed                 INTEGER NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  train_accuracy       REAL,
  train_loss           REAL,
  validation_accuracy  REAL,
  validation_loss      REAL,
  test_accuracy        REAL,
  test_loss            REAL,
  epochs               INTEGER,
  wall_ms              REAL,
  -- EpochRecord[], JSON
  history              TEXT CHECK (history IS NULL OR json_valid(history)),
  -- all weights concatenated, float32 little-endian; shapes in model.getWeights() order
  weights              BLOB,
  weight_shapes        TEXT CHECK (weight_shapes IS NULL OR json_valid(weight_shapes)),
  error                TEXT,
  worker_id            TEXT,
  started_at           TEXT,
  finished_at          TEXT,
  PRIMARY KEY (run_id, key),
  FOREIGN KEY (run_id, parent_key) REFERENCES nodes (run_id, key),
  CONSTRAINT node_done_has_results CHECK (
    status <> 'done' OR (validation_accuracy IS NOT NULL AND weights IS NOT NULL)
  ),
  CONSTRAINT node_weights_length CHECK (weights IS NULL OR length(weights) % 4 = 0)
) STRICT;

-- What a node gives its children ('teacher': train logits + probe confidences), or what a
-- scratch node tells ProfWeight/SRatio about its architecture ('student-scratch').
-- Float arrays are float32 little-endian BLOBs; `confidences` holds the probes' true-label
-- confidences one probe after the other (example_count values each).
CREATE TABLE teacher_signals (
  run_id               TEXT NOT NULL,
  node_key             TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('teacher', 'student-scratch')),
  example_count        INTEGER NOT NULL CHECK (example_count > 0),
  train_logits         BLOB,
  -- teacher: [{ layer, validationAccuracy }] in probe order; student-scratch: []
  probes               TEXT NOT NULL CHECK (json_valid(probes)),
  confidences          BLOB NOT NULL,
  -- student-scratch only: the scratch student's validation accuracy
  validation_accuracy  REAL,
  created_at           TEXT NOT NULL,
  PRIMARY KEY (run_id, node_key, kind),
  FOREIGN KEY (run_id, node_key) REFERENCES nodes (run_id, key) ON DELETE CASCADE,
  CONSTRAINT teacher_signal_shape CHECK (
    kind <> 'teacher' OR (
      json_array_length(probes) >= 1
      AND train_logits IS NOT NULL
      AND length(train_logits) > 0
      AND length(train_logits) % (4 * example_count) = 0
      AND length(confidences) = 4 * example_count * json_array_length(probes)
    )
  ),
  CONSTRAINT student_scratch_signal_shape CHECK (
    kind <> 'student-scratch' OR (
      train_logits IS NULL
      AND validation_accuracy IS NOT NULL
      AND length(confidences) = 4 * example_count
    )
  )
) STRICT;
