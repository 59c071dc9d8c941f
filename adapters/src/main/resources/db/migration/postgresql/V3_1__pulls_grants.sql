-- PostgreSQL only: the application role files, decides and executes pulls; it never deletes a pull, a lookup
-- or a canary (the bookkeeping must survive); an explicit ID list is deleted once its pull is closed.
GRANT SELECT, INSERT, UPDATE ON pull TO ${app_role};
GRANT SELECT, INSERT, DELETE ON pull_id_list TO ${app_role};
GRANT SELECT, INSERT ON pull_lookup, pull_canary TO ${app_role};
GRANT USAGE, SELECT ON SEQUENCE pull_lookup_id_seq TO ${app_role};
