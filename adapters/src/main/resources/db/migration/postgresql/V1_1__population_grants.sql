-- PostgreSQL only: the schema owner runs the migrations; the gateway runs as ${app_role}, which may read and
-- write population data but not change the schema. (H2 in the embedded default has a single user.)
GRANT USAGE ON SCHEMA ${app_schema} TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON area, household, person, marriage, birth, fertility, migrant, gateway_state
    TO ${app_role};
