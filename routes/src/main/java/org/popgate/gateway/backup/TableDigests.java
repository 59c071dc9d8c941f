package org.popgate.gateway.backup;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row count and content digest of every table in a schema, to show that a restored database holds the
 * same data as the original. The digest is order-independent (the sum, mod 2^256, of each row's
 * SHA-256 over its columns' text or bytes), so it needs no ORDER BY and streams any table size.
 */
public final class TableDigests {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    private TableDigests() {}

    /** One table's figures. */
    public record Table(long rows, String digest) {}

    /** Every base table of {@code schema}, by lower-case name. */
    public static Map<String, Table> of(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_type IN ('BASE TABLE', 'TABLE')")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
        }
        Map<String, Table> result = new TreeMap<>();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (String table : tables) {
                result.put(table.toLowerCase(java.util.Locale.ROOT), digest(connection, schema, table));
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(auto);
        }
        return result;
    }

    private static Table digest(Connection connection, String schema, String table) throws SQLException {
        MessageDigest md = BackupArchive.sha256();
        BigInteger sum = BigInteger.ZERO;
        long rows = 0;
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery("SELECT * FROM \"" + schema + "\".\"" + table + "\"")) {
                int columns = r.getMetaData().getColumnCount();
                int[] types = new int[columns + 1];
                for (int i = 1; i <= columns; i++) {
                    types[i] = r.getMetaData().getColumnType(i);
                }
                while (r.next()) {
                    for (int i = 1; i <= columns; i++) {
                        byte[] value = switch (types[i]) {
                            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> r.getBytes(i);
                            default -> {
                                String text = r.getString(i);
                                yield text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                            }
                        };
                        if (value == null) {
                            md.update((byte) 0);
                        } else {
                            md.update((byte) 1);
                            md.update(BigInteger.valueOf(value.length).toByteArray());
                            md.update(value);
                        }
                    }
                    sum = sum.add(new BigInteger(1, md.digest())).mod(MOD);
                    rows++;
                }
            }
        }
        return new Table(rows, String.format("%064x", sum));
    }
}
