-- PostgreSQL only: the application role keeps refused receipt messages and reads them; it never changes or
-- deletes one.
GRANT SELECT, INSERT ON pull_receipt_refused TO ${app_role};
