-- PostgreSQL only: the application role reserves and returns blocks of a day's lookups; it never deletes the row.
GRANT SELECT, INSERT, UPDATE ON pull_lookup_quota TO ${app_role};
