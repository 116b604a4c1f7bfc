-- Schema version 4: count the tries of a node that ran and failed, apart from its starts.
-- `attempts` counts every start, including those a crash or Ctrl-C interrupted; only `failures`
-- counts against --max-attempts. Nodes failed before this version are taken as having failed on
-- every start.
ALTER TABLE nodes ADD COLUMN failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0);
UPDATE nodes SET failures = attempts WHERE status = 'failed';
