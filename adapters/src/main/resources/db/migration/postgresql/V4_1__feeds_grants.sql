-- PostgreSQL only: the application role records deliveries, keys, claims and feed records; rejects change
-- status when re-submitted; conflicts, processed keys and quality snapshots are never updated or deleted.
GRANT SELECT, INSERT, UPDATE ON feed_delivery, feed_reject, feed_claim, feed_police_register,
    feed_birth_certificate, feed_vaccination, feed_enrolment TO ${app_role};
GRANT DELETE ON feed_police_register, feed_claim TO ${app_role};
GRANT SELECT, INSERT ON feed_processed_key, feed_conflict, feed_quality TO ${app_role};
GRANT USAGE, SELECT ON SEQUENCE feed_reject_id_seq, feed_conflict_id_seq, feed_person_id_seq,
    feed_quality_snapshot_seq TO ${app_role};
