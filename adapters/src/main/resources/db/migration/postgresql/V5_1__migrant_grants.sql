-- PostgreSQL only: the application role records and answers messages, counts effects and works dead letters;
-- it never deletes a message, a package record or a dead letter (nothing is lost).
GRANT SELECT, INSERT, UPDATE ON migrant_message, migrant_tally, migrant_dead_letter, migrant_peer_certificate TO ${app_role};
GRANT SELECT, INSERT ON migrant_package TO ${app_role};
GRANT USAGE, SELECT ON SEQUENCE migrant_dead_letter_id_seq TO ${app_role};
