-- PostgreSQL only: the application role works members, accounts and alerts but never deletes an
-- issued certificate (the revocation list must survive) nor an alert or a comment.
GRANT SELECT, INSERT, UPDATE ON member, member_certificate, account, alert TO ${app_role};
GRANT SELECT, INSERT ON alert_comment TO ${app_role};
GRANT USAGE, SELECT ON SEQUENCE account_id_seq, alert_id_seq, alert_comment_id_seq TO ${app_role};
