-- Schema version 5: a node whose training diverged (a non-finite loss) or that stayed at chance
-- while the same model trained from scratch did far better carries one line saying so. Reports
-- and the chain output show it beside the node's accuracy instead of presenting it as a result.
ALTER TABLE nodes ADD COLUMN warning TEXT;
