package org.popgate.bench.pull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A department system's client reduced to what the protocol needs, so that the harness's own CPU does not hide the
 * gateway's cost on a machine the two share: one mutual-TLS socket with HTTP/1.1 keep-alive, a request written as
 * bytes, the response's status line and headers parsed and its body (Content-Length or chunked) read in full. Still
 * real TLS (the same {@link SSLContext}, the member's client certificate) and real HTTP against the same endpoint. Not
 * thread-safe: one per client thread, like one connection per client in {@code java.net.http.HttpClient}.
 */
final class LeanHttpsClient implements AutoCloseable {

    private final SSLContext ssl;
    private final String host;
    private final int port;
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;
    private long connections;
    private final byte[] scratch = new byte[8192];
    private final StringBuilder line = new StringBuilder(128);

    LeanHttpsClient(SSLContext ssl, String host, int port) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
    }

    /** The request's head up to the blank line, without Content-Length (added per request). */
    String head(String method, String path, boolean json) {
        return method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: application/json\r\n"
                + (json ? "Content-Type: application/json\r\n" : "");
    }

    /** Sends one request on the kept-alive connection (opening it when needed) and returns the status code. */
    int send(String head, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        StringBuilder request = new StringBuilder(head.length() + 48).append(head);
        if (body != null) {
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return readResponse();
    }

    /** TLS connections opened so far: one per client thread unless the server closed a connection. */
    long connections() {
        return connections;
    }

    private void connect() throws IOException {
        socket = (SSLSocket) ssl.getSocketFactory().createSocket(host, port);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        connections++;
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (status == null || !status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            closeQuietly();
            throw new IOException("no HTTP/1.1 status line");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(readLine()), 16); size > 0;
                    size = Long.parseLong(chunkSize(readLine()), 16)) {
                skip(size);
                readLine();
            }
            for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used
            }
        } else if (length > 0) {
            skip(length);
        }
        if (close) {
            closeQuietly();
        }
        return code;
    }

    private static String chunkSize(String line) throws IOException {
        if (line == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int read = in.read(scratch, 0, (int) Math.min(scratch.length, n));
            if (read < 0) {
                closeQuietly();
                throw new IOException("connection closed inside a body");
            }
            n -= read;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        closeQuietly();
        return null;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the next request reconnects
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
