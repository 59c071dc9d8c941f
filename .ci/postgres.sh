# Sourced by .ci/run (and by developers who want the PostgreSQL tests locally: `source .ci/postgres.sh`).
# Starts the Debian PostgreSQL cluster, creates a fresh database owned by the schema owner and the
# application role, and exports the POPGATE_TEST_PG_* variables the integration tests read.
# PostgreSQL: one cluster, started; a fresh database owned by the schema owner, and the application role.
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
cluster=$(pg_lsclusters -h | head -1)
read -r cl_version cl_name cl_port _ <<<"$cluster"
pg_ctlcluster "$cl_version" "$cl_name" start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$cl_port" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$cl_port"

owner_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
app_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
su postgres -c "psql -q -p $cl_port -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'popgate_owner') THEN CREATE ROLE popgate_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'popgate_app') THEN CREATE ROLE popgate_app LOGIN; END IF;
END \$\$;
ALTER ROLE popgate_owner PASSWORD '$owner_password';
ALTER ROLE popgate_app PASSWORD '$app_password';
DROP DATABASE IF EXISTS popgate_ci;
CREATE DATABASE popgate_ci OWNER popgate_owner;
SQL

export POPGATE_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$cl_port/popgate_ci"
export POPGATE_TEST_PG_USER=popgate_owner
export POPGATE_TEST_PG_PASSWORD="$owner_password"
export POPGATE_TEST_PG_APP_USER=popgate_app
export POPGATE_TEST_PG_APP_PASSWORD="$app_password"
# the cluster (version and name) for the tests that stop and start the database (pg_ctlcluster)
export POPGATE_TEST_PG_CLUSTER="$cl_version $cl_name"

