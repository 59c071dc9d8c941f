package org.popgate.crypto.pack;

/** Well-formedness of UTF-8 bytes (RFC 3629: shortest form, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private Utf8() {}

    static boolean isWellFormed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i++] & 0xff;
            if (b < 0x80) {
                continue;
            }
            int more;
            int min;
            int max;
            if (b >= 0xc2 && b <= 0xdf) {
                more = 1;
                min = 0x80;
                max = 0xbf;
            } else if (b >= 0xe0 && b <= 0xef) {
                more = 2;
                min = b == 0xe0 ? 0xa0 : 0x80; // no overlong 3-byte forms
                max = b == 0xed ? 0x9f : 0xbf; // no surrogates
            } else if (b >= 0xf0 && b <= 0xf4) {
                more = 3;
                min = b == 0xf0 ? 0x90 : 0x80; // no overlong 4-byte forms
                max = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
            } else {
                return false;
            }
            if (end - i < more) {
                return false;
            }
            int second = bytes[i++] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 1; k < more; k++) {
                int next = bytes[i++] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
        }
        return true;
    }
}
