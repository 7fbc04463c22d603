-- Ratings are rewritten in place on every rescore; free space in each page lets PostgreSQL
-- update a row within its page without touching the indexes (no indexed column changes).
alter table threat_risks set (fillfactor = 70);
