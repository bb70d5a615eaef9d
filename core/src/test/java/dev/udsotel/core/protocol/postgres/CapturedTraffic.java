package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.payload.PayloadText;

/**
 * Exchanges psql 15 and pgbench had with PostgreSQL 15 over a Unix socket, recorded through a proxy and written
 * in {@link PayloadText} form. Each pair is one request and the response to it, as the conversation tracker
 * splits them. Roles: {@code clear_user} (pg_hba {@code password}), {@code md5_user} ({@code md5}),
 * {@code scram_user} ({@code scram-sha-256}), with the passwords below.
 */
final class CapturedTraffic {
    static final String CLEARTEXT_SECRET = "Clear-s3cret-Passw0rd";
    static final String MD5_SECRET = "Md5-s3cret-Passw0rd";
    static final String SCRAM_SECRET = "Scram-s3cret-Passw0rd";
    static final String WRONG_SECRET = "Wrong-s3cret-Passw0rd";

    /** One request and its response. */
    record Capture(byte[] request, byte[] response) {
        Capture(String request, String response) {
            this(PayloadText.parse(request), PayloadText.parse(response));
        }
    }

    private CapturedTraffic() {}

    static final Capture CLEARTEXT_STARTUP = new Capture(
            "\\x00\\x00\\x00=\\x00\\x03\\x00\\x00user\\x00clear_user\\x00database\\x00shop\\x00application_na"
                    + "me\\x00psql\\x00\\x00",
            "R\\x00\\x00\\x00\\x08\\x00\\x00\\x00\\x03");

    static final Capture CLEARTEXT_PASSWORD = new Capture(
            "p\\x00\\x00\\x00\\x1aClear-s3cret-Passw0rd\\x00",
            "R\\x00\\x00\\x00\\x08\\x00\\x00\\x00\\x00S\\x00\\x00\\x00\\x1aapplication_name\\x00psql\\x00S\\x"
                    + "00\\x00\\x00\\x19client_encoding\\x00UTF8\\x00S\\x00\\x00\\x00\\x17DateStyle\\x00ISO, MDY\\x00S"
                    + "\\x00\\x00\\x00&default_transaction_read_only\\x00off\\x00S\\x00\\x00\\x00\\x17in_hot_standby\\x"
                    + "00off\\x00S\\x00\\x00\\x00\\x19integer_datetimes\\x00on\\x00S\\x00\\x00\\x00\\x1bIntervalStyle\\"
                    + "x00postgres\\x00S\\x00\\x00\\x00\\x15is_superuser\\x00off\\x00S\\x00\\x00\\x00\\x19server_encodi"
                    + "ng\\x00UTF8\\x00S\\x00\\x00\\x002server_version\\x0015.18 (Debian 15.18-0+deb12u1)\\x00S\\x00\\x"
                    + "00\\x00%session_authorization\\x00clear_user\\x00S\\x00\\x00\\x00#standard_conforming_strings\\x"
                    + "00on\\x00S\\x00\\x00\\x00\\x15TimeZone\\x00Etc/UTC\\x00K\\x00\\x00\\x00\\x0c\\x00\\x00\\x13\\xd5"
                    + "\\xbfs\\xb2=Z\\x00\\x00\\x00\\x05I");

    static final Capture SIMPLE_SELECT = new Capture(
            "Q\\x00\\x00\\x00JSELECT id, name FROM users WHERE email = 'ann@example.org' AND id > 0\\x00",
            "T\\x00\\x00\\x002\\x00\\x02id\\x00\\x00\\x00@\\x15\\x00\\x01\\x00\\x00\\x00\\x17\\x00\\x04\\xff"
                    + "\\xff\\xff\\xff\\x00\\x00name\\x00\\x00\\x00@\\x15\\x00\\x02\\x00\\x00\\x00\\x19\\xff\\xff\\xff"
                    + "\\xff\\xff\\xff\\x00\\x00D\\x00\\x00\\x00\\x12\\x00\\x02\\x00\\x00\\x00\\x011\\x00\\x00\\x00\\x0"
                    + "3annC\\x00\\x00\\x00\\rSELECT 1\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture TERMINATE = new Capture("X\\x00\\x00\\x00\\x04", "");

    static final Capture MD5_STARTUP = new Capture(
            "\\x00\\x00\\x00;\\x00\\x03\\x00\\x00user\\x00md5_user\\x00database\\x00shop\\x00application_name"
                    + "\\x00psql\\x00\\x00",
            "R\\x00\\x00\\x00\\x0c\\x00\\x00\\x00\\x05\\x85\\xc6/\\x06");

    static final Capture MD5_PASSWORD = new Capture(
            "p\\x00\\x00\\x00(md597952dd4c54c79567f4011975e254451\\x00",
            "R\\x00\\x00\\x00\\x08\\x00\\x00\\x00\\x00S\\x00\\x00\\x00\\x1aapplication_name\\x00psql\\x00S\\x"
                    + "00\\x00\\x00\\x19client_encoding\\x00UTF8\\x00S\\x00\\x00\\x00\\x17DateStyle\\x00ISO, MDY\\x00S"
                    + "\\x00\\x00\\x00&default_transaction_read_only\\x00off\\x00S\\x00\\x00\\x00\\x17in_hot_standby\\x"
                    + "00off\\x00S\\x00\\x00\\x00\\x19integer_datetimes\\x00on\\x00S\\x00\\x00\\x00\\x1bIntervalStyle\\"
                    + "x00postgres\\x00S\\x00\\x00\\x00\\x15is_superuser\\x00off\\x00S\\x00\\x00\\x00\\x19server_encodi"
                    + "ng\\x00UTF8\\x00S\\x00\\x00\\x002server_version\\x0015.18 (Debian 15.18-0+deb12u1)\\x00S\\x00\\x"
                    + "00\\x00#session_authorization\\x00md5_user\\x00S\\x00\\x00\\x00#standard_conforming_strings\\x00"
                    + "on\\x00S\\x00\\x00\\x00\\x15TimeZone\\x00Etc/UTC\\x00K\\x00\\x00\\x00\\x0c\\x00\\x00h}I\\x99\\x1"
                    + "drZ\\x00\\x00\\x00\\x05I");

    static final Capture INSERT_RETURNING = new Capture(
            "Q\\x00\\x00\\x00PINSERT INTO users(name, email) VALUES ('cy', 'cy@example.org') RETURNING id\\x0" + "0",
            "T\\x00\\x00\\x00\\x1b\\x00\\x01id\\x00\\x00\\x00@\\x15\\x00\\x01\\x00\\x00\\x00\\x17\\x00\\x04\\"
                    + "xff\\xff\\xff\\xff\\x00\\x00D\\x00\\x00\\x00\\x0b\\x00\\x01\\x00\\x00\\x00\\x013C\\x00\\x00\\x00"
                    + "\\x0fINSERT 0 1\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture SCRAM_STARTUP = new Capture(
            "\\x00\\x00\\x00=\\x00\\x03\\x00\\x00user\\x00scram_user\\x00database\\x00shop\\x00application_na"
                    + "me\\x00psql\\x00\\x00",
            "R\\x00\\x00\\x00\\x17\\x00\\x00\\x00\\nSCRAM-SHA-256\\x00\\x00");

    static final Capture SCRAM_FIRST = new Capture(
            "p\\x00\\x00\\x006SCRAM-SHA-256\\x00\\x00\\x00\\x00 n,,n=,r=9/jqbNLdXppGDBt/ypXSiysk",
            "R\\x00\\x00\\x00\\\\\\x00\\x00\\x00\\x0br=9/jqbNLdXppGDBt/ypXSiysk5Fxofk9py04uK387XgUXDdnC,s=tAd"
                    + "d/UV9UDf+bOKVEorAnA==,i=4096");

    static final Capture SCRAM_FINAL = new Capture(
            "p\\x00\\x00\\x00lc=biws,r=9/jqbNLdXppGDBt/ypXSiysk5Fxofk9py04uK387XgUXDdnC,p=WWRam6K0QWckeEnxeXz"
                    + "eUURPO7LfXoDcOohnxaggXlA=",
            "R\\x00\\x00\\x006\\x00\\x00\\x00\\x0cv=vPjvkabveWDIhmgr+sKka8TFOwUVc6xUzYXZ/Plix60=R\\x00\\x00\\"
                    + "x00\\x08\\x00\\x00\\x00\\x00S\\x00\\x00\\x00\\x1aapplication_name\\x00psql\\x00S\\x00\\x00\\x00"
                    + "\\x19client_encoding\\x00UTF8\\x00S\\x00\\x00\\x00\\x17DateStyle\\x00ISO, MDY\\x00S\\x00\\x00\\x"
                    + "00&default_transaction_read_only\\x00off\\x00S\\x00\\x00\\x00\\x17in_hot_standby\\x00off\\x00S\\"
                    + "x00\\x00\\x00\\x19integer_datetimes\\x00on\\x00S\\x00\\x00\\x00\\x1bIntervalStyle\\x00postgres\\"
                    + "x00S\\x00\\x00\\x00\\x15is_superuser\\x00off\\x00S\\x00\\x00\\x00\\x19server_encoding\\x00UTF8\\"
                    + "x00S\\x00\\x00\\x002server_version\\x0015.18 (Debian 15.18-0+deb12u1)\\x00S\\x00\\x00\\x00%sessi"
                    + "on_authorization\\x00scram_user\\x00S\\x00\\x00\\x00#standard_conforming_strings\\x00on\\x00S\\x"
                    + "00\\x00\\x00\\x15TimeZone\\x00Etc/UTC\\x00K\\x00\\x00\\x00\\x0c\\x00\\x00i\\x0b\\xe1\\xecZ\\xf3Z"
                    + "\\x00\\x00\\x00\\x05I");

    static final Capture UPDATE_NO_ROWS = new Capture(
            "Q\\x00\\x00\\x00;UPDATE users SET email = 'x@example.org' WHERE id = 42\\x00",
            "C\\x00\\x00\\x00\\rUPDATE 0\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture SCRAM_FINAL_WRONG_PASSWORD = new Capture(
            "p\\x00\\x00\\x00lc=biws,r=N/4t9BNHs2xwO6DJkbk2DucraVYfPPnE3qjpOjwDQQ8ul9SC,p=hjxHFFVsr9S4GORyd3N"
                    + "/qbU8nA4mK/kEd+clYHquwsc=",
            "E\\x00\\x00\\x00jSFATAL\\x00VFATAL\\x00C28P01\\x00Mpassword authentication failed for user \"scr"
                    + "am_user\"\\x00Fauth.c\\x00L334\\x00Rauth_failed\\x00\\x00");

    static final Capture MISSING_TABLE = new Capture(
            "Q\\x00\\x00\\x00 SELECT * FROM missing_table\\x00",
            "E\\x00\\x00\\x00pSERROR\\x00VERROR\\x00C42P01\\x00Mrelation \"missing_table\" does not exist\\x0"
                    + "0P15\\x00Fparse_relation.c\\x00L1392\\x00RparserOpenTable\\x00\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture ALTER_ROLE_PASSWORD = new Capture(
            "Q\\x00\\x00\\x00@ALTER ROLE clear_user WITH PASSWORD 'Clear-s3cret-Passw0rd'\\x00",
            "C\\x00\\x00\\x00\\x0fALTER ROLE\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture EXTENDED_SELECT = new Capture(
            "P\\x00\\x00\\x00-\\x00SELECT name FROM users WHERE id = $1;\\x00\\x00\\x00B\\x00\\x00\\x00\\x13"
                    + "\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x011\\x00\\x01\\x00\\x00D\\x00\\x00\\x00\\x06P\\x"
                    + "00E\\x00\\x00\\x00\\t\\x00\\x00\\x00\\x00\\x00S\\x00\\x00\\x00\\x04",
            "1\\x00\\x00\\x00\\x042\\x00\\x00\\x00\\x04T\\x00\\x00\\x00\\x1d\\x00\\x01name\\x00\\x00\\x00@\\x"
                    + "15\\x00\\x02\\x00\\x00\\x00\\x19\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\x00D\\x00\\x00\\x00\\r\\x00"
                    + "\\x01\\x00\\x00\\x00\\x03annC\\x00\\x00\\x00\\rSELECT 1\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture PREPARE_NAMED = new Capture(
            "P\\x00\\x00\\x000P_0\\x00SELECT name FROM users WHERE id = $1;\\x00\\x00\\x00S\\x00\\x00\\x00\\x" + "04",
            "1\\x00\\x00\\x00\\x04Z\\x00\\x00\\x00\\x05I");

    static final Capture EXECUTE_NAMED = new Capture(
            "B\\x00\\x00\\x00\\x16\\x00P_0\\x00\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x011\\x00\\x01\\x00\\x00D"
                    + "\\x00\\x00\\x00\\x06P\\x00E\\x00\\x00\\x00\\t\\x00\\x00\\x00\\x00\\x00S\\x00\\x00\\x00\\x04",
            "2\\x00\\x00\\x00\\x04T\\x00\\x00\\x00\\x1d\\x00\\x01name\\x00\\x00\\x00@\\x15\\x00\\x02\\x00\\x0"
                    + "0\\x00\\x19\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\x00D\\x00\\x00\\x00\\r\\x00\\x01\\x00\\x00\\x00"
                    + "\\x03annC\\x00\\x00\\x00\\rSELECT 1\\x00Z\\x00\\x00\\x00\\x05I");

    static final Capture CANCEL =
            new Capture("\\x00\\x00\\x00\\x10\\x04\\xd2\\x16.\\x00\\x00p\\xbc\\xac\\xf5\\x0c\\xe7", "");
}
